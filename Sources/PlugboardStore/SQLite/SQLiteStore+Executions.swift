import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the batch in one transaction with one prepared statement.
    public func insertExecutions(_ executions: [ExecutionRecord]) async throws {
        guard !executions.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO executions (id, application_id, connector_id, connector_name, action, token_name, status, error_code,
                    duration_ms, input_bytes, output_bytes, started_at, run_id, input_tokens, output_tokens)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for execution in executions {
                try statement.execute(arguments: [
                    execution.id, execution.applicationID, execution.connectorID, execution.connectorName, execution.action,
                    execution.tokenName, execution.status, execution.errorCode, execution.durationMs, execution.inputBytes,
                    execution.outputBytes, execution.startedAt.storedText, execution.runID, execution.tokens?.inputTokens, execution.tokens?.outputTokens,
                ])
            }
        }
    }

    /// Deletes the rows that started before `cutoff`.
    public func deleteExecutions(startedBefore cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM executions WHERE started_at < ?", arguments: [cutoff.storedText])
            return db.changesCount
        }
    }

    /// A page of matching executions, newest first, with the total count.
    public func executions(applicationID: String, filter: ExecutionFilter, _ page: PageRequest) async throws -> Page<ExecutionRecord> {
        var conditions = ["application_id = ?"]
        var arguments: StatementArguments = [applicationID]
        if let connectorID = filter.connectorID {
            conditions.append("connector_id = ?")
            arguments += [connectorID]
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status]
        }
        if let runID = filter.runID {
            conditions.append("run_id = ?")
            arguments += [runID]
        }
        let whereClause = conditions.joined(separator: " AND ")
        let countArguments = arguments
        arguments += [page.limit, page.offset]
        let pageArguments = arguments
        return try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM executions WHERE \(whereClause) ORDER BY started_at DESC, id LIMIT ? OFFSET ?",
                arguments: pageArguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM executions WHERE \(whereClause)", arguments: countArguments) ?? 0
            return Page(items: rows.map(Self.execution(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    static func execution(from row: Row) -> ExecutionRecord {
        ExecutionRecord(
            id: row["id"], applicationID: row["application_id"], connectorID: row["connector_id"],
            connectorName: row["connector_name"], action: row["action"], tokenName: row["token_name"], status: row["status"],
            errorCode: row["error_code"], durationMs: row["duration_ms"], inputBytes: row["input_bytes"],
            outputBytes: row["output_bytes"], startedAt: row.date("started_at"), runID: row["run_id"],
            tokens: (row["input_tokens"] as Int?).map { TokenUsage(inputTokens: $0, outputTokens: row["output_tokens"] ?? 0) })
    }
}
