import Foundation
import PlugboardCore

extension PostgresStore {
    /// Inserts the batch in one transaction and one statement, the rows' columns bound as arrays.
    public func insertExecutions(_ executions: [ExecutionRecord]) async throws {
        guard !executions.isEmpty else { return }
        let ids = executions.map(\.id), applications = executions.map(\.applicationID), connectors = executions.map(\.connectorID)
        let names = executions.map(\.connectorName), actions = executions.map(\.action), tokens = executions.map(\.tokenName)
        let statuses = executions.map(\.status), codes = executions.map { $0.errorCode ?? "" }, durations = executions.map(\.durationMs)
        let inputs = executions.map(\.inputBytes), outputs = executions.map(\.outputBytes), started = executions.map(\.startedAt)
        let runs = executions.map { $0.runID ?? "" }
        let inputTokens = executions.map { $0.tokens?.inputTokens ?? -1 }, outputTokens = executions.map { $0.tokens?.outputTokens ?? -1 }
        try await write { session in
            try await session.execute("""
                INSERT INTO executions (id, application_id, connector_id, connector_name, action, token_name, status, error_code,
                    duration_ms, input_bytes, output_bytes, started_at, run_id, input_tokens, output_tokens)
                SELECT id, application_id, connector_id, connector_name, action, token_name, status, NULLIF(error_code, ''),
                    duration_ms, input_bytes, output_bytes, started_at, NULLIF(run_id, ''), NULLIF(input_tokens, -1), NULLIF(output_tokens, -1)
                FROM unnest(\(ids), \(applications), \(connectors), \(names), \(actions), \(tokens), \(statuses), \(codes),
                    \(durations), \(inputs), \(outputs), \(started), \(runs), \(inputTokens), \(outputTokens))
                    AS t(id, application_id, connector_id, connector_name, action, token_name, status, error_code,
                    duration_ms, input_bytes, output_bytes, started_at, run_id, input_tokens, output_tokens)
                """)
        }
    }

    /// Deletes the rows that started before `cutoff`.
    public func deleteExecutions(startedBefore cutoff: Date) async throws -> Int {
        try await write { session in try await session.execute("DELETE FROM executions WHERE started_at < \(cutoff)") }
    }

    /// A page of matching executions, newest first, with the total count.
    public func executions(applicationID: String, filter: ExecutionFilter, _ page: PageRequest) async throws -> Page<ExecutionRecord> {
        var statement = PostgresStatement()
        var conditions = ["application_id = \(statement.bind(applicationID))"]
        if let connectorID = filter.connectorID { conditions.append("connector_id = \(statement.bind(connectorID))") }
        if let status = filter.status { conditions.append("status = \(statement.bind(status))") }
        if let runID = filter.runID { conditions.append("run_id = \(statement.bind(runID))") }
        let whereClause = conditions.joined(separator: " AND ")
        let count = statement.query("SELECT COUNT(*) FROM executions WHERE \(whereClause)")
        let limit = statement.bind(page.limit), offset = statement.bind(page.offset)
        let select = statement.query("SELECT * FROM executions WHERE \(whereClause) ORDER BY started_at DESC, id LIMIT \(limit) OFFSET \(offset)")
        return try await read { session in
            let rows = try await session.rows(select)
            let total = try await session.count(count)
            return Page(items: try rows.map(Self.execution(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    static func execution(from row: PostgresStoreRow) throws -> ExecutionRecord {
        let inputTokens: Int? = try row["input_tokens"]
        let outputTokens: Int? = try row["output_tokens"]
        return ExecutionRecord(
            id: try row["id"], applicationID: try row["application_id"], connectorID: try row["connector_id"],
            connectorName: try row["connector_name"], action: try row["action"], tokenName: try row["token_name"], status: try row["status"],
            errorCode: try row["error_code"], durationMs: try row["duration_ms"], inputBytes: try row["input_bytes"],
            outputBytes: try row["output_bytes"], startedAt: try row["started_at"], runID: try row["run_id"],
            tokens: inputTokens.map { TokenUsage(inputTokens: $0, outputTokens: outputTokens ?? 0) })
    }
}
