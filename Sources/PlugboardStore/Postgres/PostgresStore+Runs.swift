import Foundation
import PlugboardCore

extension PostgresStore {
    /// Queues the run.
    public func insertRun(_ run: WorkflowRunRecord) async throws {
        try await write { session in try await Self.insert(run, session) }
    }

    static func insert(_ run: WorkflowRunRecord, _ session: PostgresSession) async throws {
        let steps = JSONValue.array(run.steps.map(\.json)).jsonString(), input = run.input.jsonString()
        try await session.execute("""
            INSERT INTO workflow_runs (id, application_id, workflow_id, workflow_name, steps, status, input, event_id, started_by, created_at)
            VALUES (\(run.id), \(run.applicationID), \(run.workflowID), \(run.workflowName), \(steps), \(run.status.rawValue), \(input),
                \(run.eventID), \(run.startedBy), \(run.createdAt))
            """)
    }

    /// The run with its step results.
    public func run(applicationID: String, id: String) async throws -> WorkflowRunRecord? {
        try await read { session in
            guard let row = try await session.first("SELECT * FROM workflow_runs WHERE application_id = \(applicationID) AND id = \(id)") else {
                return nil
            }
            return try await Self.run(from: row, session)
        }
    }

    /// A page of runs, newest first.
    public func runs(applicationID: String, workflowID: String?, _ page: PageRequest) async throws -> Page<WorkflowRunRecord> {
        var statement = PostgresStatement()
        var conditions = "application_id = \(statement.bind(applicationID))"
        if let workflowID { conditions += " AND workflow_id = \(statement.bind(workflowID))" }
        let count = statement.query("SELECT COUNT(*) FROM workflow_runs WHERE \(conditions)")
        let limit = statement.bind(page.limit), offset = statement.bind(page.offset)
        let select = statement.query(
            "SELECT * FROM workflow_runs WHERE \(conditions) ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)")
        return try await read { session in
            var runs: [WorkflowRunRecord] = []
            for row in try await session.rows(select) { runs.append(try await Self.run(from: row, session)) }
            let total = try await session.count(count)
            return Page(items: runs, total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Claims queued runs and running runs whose lease lapsed, oldest first, within each workflow's concurrency.
    ///
    /// Candidate rows are locked `FOR UPDATE SKIP LOCKED`, so replicas claiming at once take different runs; a
    /// workflow's running count is read under a transaction-scoped advisory lock on the workflow, so two replicas
    /// cannot both fill its last slot.
    public func claimRuns(owner: String, leaseUntil: Date, now: Date, limit: Int) async throws -> [WorkflowRunRecord] {
        try await write { session in
            let candidates = try await session.rows("""
                SELECT r.id, r.workflow_id, COALESCE(w.concurrency, 4) AS concurrency FROM workflow_runs r
                LEFT JOIN workflows w ON w.id = r.workflow_id
                WHERE r.status = 'queued' OR (r.status = 'running' AND (r.lease_expires_at IS NULL OR r.lease_expires_at < \(now))
                    AND (r.lease_owner IS NULL OR r.lease_owner != \(owner)))
                ORDER BY r.created_at, r.id LIMIT \(limit * 4)
                FOR UPDATE OF r SKIP LOCKED
                """)
            var claimed: [WorkflowRunRecord] = []
            var locked: Set<String> = []
            for candidate in candidates where claimed.count < limit {
                let id: String = try candidate["id"], workflowID: String = try candidate["workflow_id"], concurrency: Int = try candidate["concurrency"]
                if !locked.contains(workflowID) {
                    guard let lock = try await session.first("SELECT pg_try_advisory_xact_lock(hashtext(\("run-slots:" + workflowID))) AS taken"),
                        try lock["taken"] as Bool
                    else { continue }
                    locked.insert(workflowID)
                }
                let running = try await session.count("""
                    SELECT COUNT(*) FROM workflow_runs WHERE workflow_id = \(workflowID) AND status = 'running' AND lease_expires_at >= \(now)
                    """)
                guard running < concurrency else { continue }
                guard let row = try await session.first("""
                    UPDATE workflow_runs SET status = 'running', lease_owner = \(owner), lease_expires_at = \(leaseUntil),
                        started_at = COALESCE(started_at, \(now))
                    WHERE id = \(id) RETURNING *
                    """) else { continue }
                claimed.append(try await Self.run(from: row, session))
            }
            return claimed
        }
    }

    /// Extends `owner`'s leases.
    public func renewRunLeases(owner: String, until: Date) async throws {
        try await write { session in
            try await session.execute("UPDATE workflow_runs SET lease_expires_at = \(until) WHERE lease_owner = \(owner) AND status = 'running'")
        }
    }

    /// Lets go of `owner`'s unfinished runs.
    public func releaseRunLeases(owner: String) async throws {
        try await write { session in
            try await session.execute(
                "UPDATE workflow_runs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = \(owner) AND status = 'running'")
        }
    }

    /// Upserts the step's result.
    public func recordStepResult(runID: String, _ result: WorkflowStepResult) async throws {
        let output = result.output?.jsonString(), error = result.error?.jsonString()
        try await write { session in
            try await session.execute("""
                INSERT INTO workflow_run_steps (run_id, step_index, name, status, attempts, started_at, duration_ms, output, output_truncated, error)
                VALUES (\(runID), \(result.index), \(result.name), \(result.status.rawValue), \(result.attempts), \(result.startedAt),
                    \(result.durationMs), \(output), \(result.outputTruncated), \(error))
                ON CONFLICT (run_id, step_index) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                    started_at = excluded.started_at, duration_ms = excluded.duration_ms, output = excluded.output,
                    output_truncated = excluded.output_truncated, error = excluded.error
                """)
        }
    }

    /// Ends the run unless it already ended.
    public func finishRun(id: String, status: WorkflowRunRecord.Status, output: JSONValue?, error: JSONValue?, at: Date) async throws {
        let outputText = output?.jsonString(), errorText = error?.jsonString()
        try await write { session in
            try await session.execute("""
                UPDATE workflow_runs SET status = \(status.rawValue), output = \(outputText), error = \(errorText), finished_at = \(at),
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id) AND status IN ('queued', 'running')
                """)
        }
    }

    /// Cancels a queued run, or flags a running one for its runner.
    public func requestRunCancel(applicationID: String, id: String) async throws -> WorkflowRunRecord {
        try await write { session in
            guard let current = try await session.first(
                "SELECT status FROM workflow_runs WHERE application_id = \(applicationID) AND id = \(id) FOR UPDATE")
            else { throw ConnectorError.notFound("run", id) }
            let status: String = try current["status"]
            switch WorkflowRunRecord.Status(rawValue: status) {
            case .queued?:
                let error = ConnectorError(.cancelled, message: "The run was cancelled before it started.").json.jsonString()
                try await session.execute("UPDATE workflow_runs SET status = 'cancelled', error = \(error), finished_at = \(Date()) WHERE id = \(id)")
            case .running?:
                try await session.execute("UPDATE workflow_runs SET cancel_requested = true WHERE id = \(id)")
            default:
                throw ConnectorError(.conflict, message: "The run already ended (\(status)).", fix: "Only a queued or running run can be cancelled.")
            }
            guard let row = try await session.first("SELECT * FROM workflow_runs WHERE id = \(id)") else { throw ConnectorError.notFound("run", id) }
            return try await Self.run(from: row, session)
        }
    }

    /// Whether a cancel was asked for.
    public func runCancelRequested(id: String) async throws -> Bool {
        try await read { session in try await session.first("SELECT cancel_requested FROM workflow_runs WHERE id = \(id)")?["cancel_requested"] ?? false }
    }

    static func run(from row: PostgresStoreRow, _ session: PostgresSession) async throws -> WorkflowRunRecord {
        let id: String = try row["id"]
        let results = try await session.rows("SELECT * FROM workflow_run_steps WHERE run_id = \(id) ORDER BY step_index").map { step in
            WorkflowStepResult(
                index: try step["step_index"], name: try step["name"],
                status: WorkflowStepResult.Status(rawValue: try step["status"]) ?? .failed, attempts: try step["attempts"],
                startedAt: try step["started_at"], durationMs: try step["duration_ms"], output: try step.json("output"),
                outputTruncated: try step["output_truncated"], error: try step.json("error"))
        }
        return WorkflowRunRecord(
            id: id, applicationID: try row["application_id"], workflowID: try row["workflow_id"], workflowName: try row["workflow_name"],
            steps: try WorkflowStep.list(try row.json("steps") ?? .array([])),
            status: WorkflowRunRecord.Status(rawValue: try row["status"]) ?? .failed, input: try row.json("input") ?? .null,
            output: try row.json("output"), error: try row.json("error"), eventID: try row["event_id"], startedBy: try row["started_by"],
            createdAt: try row["created_at"], startedAt: try row["started_at"], finishedAt: try row["finished_at"],
            cancelRequested: try row["cancel_requested"], stepResults: results)
    }
}
