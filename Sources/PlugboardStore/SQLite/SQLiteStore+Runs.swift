import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Queues the run.
    public func insertRun(_ run: WorkflowRunRecord) async throws {
        try await write { db in try Self.insert(run, db) }
    }

    static func insert(_ run: WorkflowRunRecord, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO workflow_runs (id, application_id, workflow_id, workflow_name, steps, status, input, event_id, started_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.id, run.applicationID, run.workflowID, run.workflowName, JSONValue.array(run.steps.map(\.json)).jsonString(),
                run.status.rawValue, run.input.jsonString(), run.eventID, run.startedBy, run.createdAt.storedText,
            ])
    }

    /// The run with its step results.
    public func run(applicationID: String, id: String) async throws -> WorkflowRunRecord? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM workflow_runs WHERE application_id = ? AND id = ?", arguments: [applicationID, id])
            else { return nil }
            return try Self.run(from: row, db)
        }
    }

    /// A page of runs, newest first.
    public func runs(applicationID: String, workflowID: String?, _ page: PageRequest) async throws -> Page<WorkflowRunRecord> {
        let conditions = workflowID == nil ? "application_id = ?" : "application_id = ? AND workflow_id = ?"
        var arguments: StatementArguments = [applicationID]
        if let workflowID { arguments += [workflowID] }
        let countArguments = arguments
        arguments += [page.limit, page.offset]
        let pageArguments = arguments
        return try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM workflow_runs WHERE \(conditions) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", arguments: pageArguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workflow_runs WHERE \(conditions)", arguments: countArguments) ?? 0
            return Page(items: try rows.map { try Self.run(from: $0, db) }, total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Claims queued runs and running runs whose lease lapsed, oldest first, within each workflow's concurrency.
    public func claimRuns(owner: String, leaseUntil: Date, now: Date, limit: Int) async throws -> [WorkflowRunRecord] {
        let nowText = now.storedText
        let until = leaseUntil.storedText
        return try await write { db in
            let candidates = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.workflow_id, COALESCE(w.concurrency, 4) AS concurrency FROM workflow_runs r
                    LEFT JOIN workflows w ON w.id = r.workflow_id
                    WHERE r.status = 'queued' OR (r.status = 'running' AND (r.lease_expires_at IS NULL OR r.lease_expires_at < ?)
                        AND (r.lease_owner IS NULL OR r.lease_owner != ?))
                    ORDER BY r.created_at, r.id LIMIT ?
                    """, arguments: [nowText, owner, limit * 4])
            var claimed: [WorkflowRunRecord] = []
            for candidate in candidates where claimed.count < limit {
                let workflowID: String = candidate["workflow_id"]
                let running = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM workflow_runs WHERE workflow_id = ? AND status = 'running' AND lease_expires_at >= ?",
                    arguments: [workflowID, nowText]) ?? 0
                guard running < (candidate["concurrency"] as Int) else { continue }
                try db.execute(
                    sql: """
                        UPDATE workflow_runs SET status = 'running', lease_owner = ?, lease_expires_at = ?, started_at = COALESCE(started_at, ?)
                        WHERE id = ?
                        """, arguments: [owner, until, nowText, candidate["id"] as String])
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM workflow_runs WHERE id = ?", arguments: [candidate["id"] as String]) {
                    claimed.append(try Self.run(from: row, db))
                }
            }
            return claimed
        }
    }

    /// Extends `owner`'s leases.
    public func renewRunLeases(owner: String, until: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE workflow_runs SET lease_expires_at = ? WHERE lease_owner = ? AND status = 'running'", arguments: [until.storedText, owner])
        }
    }

    /// Lets go of `owner`'s unfinished runs.
    public func releaseRunLeases(owner: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE workflow_runs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ? AND status = 'running'",
                arguments: [owner])
        }
    }

    /// Upserts the step's result.
    public func recordStepResult(runID: String, _ result: WorkflowStepResult) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO workflow_run_steps (run_id, step_index, name, status, attempts, started_at, duration_ms, output, output_truncated, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, step_index) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                        started_at = excluded.started_at, duration_ms = excluded.duration_ms, output = excluded.output,
                        output_truncated = excluded.output_truncated, error = excluded.error
                    """,
                arguments: [
                    runID, result.index, result.name, result.status.rawValue, result.attempts, result.startedAt.storedText, result.durationMs,
                    result.output?.jsonString(), result.outputTruncated, result.error?.jsonString(),
                ])
        }
    }

    /// Ends the run unless it already ended.
    public func finishRun(id: String, status: WorkflowRunRecord.Status, output: JSONValue?, error: JSONValue?, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE workflow_runs SET status = ?, output = ?, error = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ? AND status IN ('queued', 'running')
                    """, arguments: [status.rawValue, output?.jsonString(), error?.jsonString(), at.storedText, id])
        }
    }

    /// Cancels a queued run, or flags a running one for its runner.
    public func requestRunCancel(applicationID: String, id: String) async throws -> WorkflowRunRecord {
        try await write { db in
            guard let status = try String.fetchOne(
                db, sql: "SELECT status FROM workflow_runs WHERE application_id = ? AND id = ?", arguments: [applicationID, id])
            else { throw ConnectorError.notFound("run", id) }
            switch WorkflowRunRecord.Status(rawValue: status) {
            case .queued?:
                let error = ConnectorError(.cancelled, message: "The run was cancelled before it started.").json.jsonString()
                try db.execute(
                    sql: "UPDATE workflow_runs SET status = 'cancelled', error = ?, finished_at = ? WHERE id = ?",
                    arguments: [error, Date().storedText, id])
            case .running?:
                try db.execute(sql: "UPDATE workflow_runs SET cancel_requested = 1 WHERE id = ?", arguments: [id])
            default:
                throw ConnectorError(.conflict, message: "The run already ended (\(status)).", fix: "Only a queued or running run can be cancelled.")
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM workflow_runs WHERE id = ?", arguments: [id]) else {
                throw ConnectorError.notFound("run", id)
            }
            return try Self.run(from: row, db)
        }
    }

    /// Whether a cancel was asked for.
    public func runCancelRequested(id: String) async throws -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT cancel_requested FROM workflow_runs WHERE id = ?", arguments: [id]) ?? false }
    }

    static func run(from row: Row, _ db: Database) throws -> WorkflowRunRecord {
        let id: String = row["id"]
        let results = try Row.fetchAll(db, sql: "SELECT * FROM workflow_run_steps WHERE run_id = ? ORDER BY step_index", arguments: [id]).map { step in
            WorkflowStepResult(
                index: step["step_index"], name: step["name"], status: WorkflowStepResult.Status(rawValue: step["status"]) ?? .failed,
                attempts: step["attempts"], startedAt: step.date("started_at"), durationMs: step["duration_ms"],
                output: try step.json("output"), outputTruncated: step["output_truncated"], error: try step.json("error"))
        }
        return WorkflowRunRecord(
            id: id, applicationID: row["application_id"], workflowID: row["workflow_id"], workflowName: row["workflow_name"],
            steps: try WorkflowStep.list(try JSONParser.parse(row["steps"] as String)),
            status: WorkflowRunRecord.Status(rawValue: row["status"]) ?? .failed, input: try row.json("input") ?? .null,
            output: try row.json("output"), error: try row.json("error"), eventID: row["event_id"], startedBy: row["started_by"],
            createdAt: row.date("created_at"), startedAt: row.optionalDate("started_at"), finishedAt: row.optionalDate("finished_at"),
            cancelRequested: row["cancel_requested"], stepResults: results)
    }
}

extension Row {
    /// A column holding JSON text, parsed; nil when the column is NULL.
    func json(_ column: String) throws -> JSONValue? {
        let text: String? = self[column]
        return try text.map { try JSONParser.parse($0) }
    }
}
