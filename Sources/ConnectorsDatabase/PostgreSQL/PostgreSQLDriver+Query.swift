import PlugboardCore
import PostgresNIO

extension PostgreSQLDriver {
    static let queryAction = ConnectorAction<PostgreSQLSession>(
        name: "query", title: "Run a query",
            description: """
                Runs one SQL statement. Write @name where a value goes and give it in variables: it is sent as a bound \
                parameter, never spliced into the SQL (an @name inside a string literal, quoted identifier or comment is left \
                alone). Rows come back as objects with exact types: numeric as a string, timestamps as ISO 8601, bytea as \
                base64, json as JSON. On a read-only connector the statement runs in a READ ONLY transaction; transaction \
                control and several statements are refused with permission_denied.
                """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: PostgreSQLQueryInput.self,
        outputSchema: resultSchema, run: runQuery)

    /// `{columns, rows, rowCount, truncated}`.
    static let resultSchema = Schema.object(
        [
            "columns": Schema.array(
                Schema.object(["name": Schema.string(), "type": Schema.string()]), title: "Columns", description: "Name and PostgreSQL type of each column."),
            "rows": Schema.array(Schema.map(of: Schema.any()), title: "Rows"),
            "rowCount": Schema.integer(title: "Rows returned"),
            "truncated": Schema.boolean(title: "Truncated", description: "More rows existed than the limit allowed."),
        ], required: ["columns", "rows", "rowCount", "truncated"])

    @Sendable static func runQuery(_ session: PostgreSQLSession, _ input: PostgreSQLQueryInput, _ context: CallContext) async throws -> JSONValue {
        let configuration = session.configuration
        let statement = try checkedStatement(input.sql, readOnly: !configuration.allowWrites, field: "sql")
        let binds = try PostgreSQLParameter.bindings(for: statement.parameterNames, from: input.variables.object)
        let query = PostgresQuery(unsafeSQL: statement.positional, binds: binds)
        let limit = input.maxRows ?? configuration.maxRows
        let connection = try await session.connection(context: context)
        if configuration.allowWrites {
            return try await session.run(query, on: connection, limit: limit, logger: context.logger).json
        }
        try await session.execute("BEGIN TRANSACTION READ ONLY", on: connection, logger: context.logger)
        do {
            let result = try await session.run(query, on: connection, limit: limit, logger: context.logger)
            await session.rollback(connection, logger: context.logger)
            return result.json
        } catch {
            await session.rollback(connection, logger: context.logger)
            throw error
        }
    }

    /// Words that start or end transactions, or keep state past one: refused so a statement cannot leave the
    /// transaction Plugboard wraps it in (read-only) or leave one open on a pooled connection (writes).
    static let transactionControl: Set<String> = [
        "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE", "DEALLOCATE", "DISCARD",
    ]

    /// The statement, once it is known to be exactly one statement and no transaction control.
    static func checkedStatement(_ sql: String, readOnly: Bool, field: String) throws(ConnectorError) -> SQLText {
        let text = try SQLText(sql)
        if text.statementCount == 0 { throw .invalidInput("The SQL is empty.", field: field) }
        if text.statementCount > 1 {
            if readOnly {
                throw readOnlyRefusal("The SQL holds \(text.statementCount) statements; a read-only connector runs exactly one.", field: field)
            }
            throw .invalidInput("The SQL holds \(text.statementCount) statements; send one, or use the transaction action.", field: field)
        }
        if let first = text.leadingWords.first, transactionControl.contains(first) || (first == "SET" && text.leadingWords.dropFirst().first == "TRANSACTION" && readOnly) {
            if readOnly {
                throw readOnlyRefusal("\(first) is refused: a read-only connector's statements run in a READ ONLY transaction they cannot leave.", field: field)
            }
            throw .invalidInput("\(first) is not allowed in a query; use the transaction action for several statements.", field: field)
        }
        return text
    }

    static func readOnlyRefusal(_ message: String, field: String? = nil) -> ConnectorError {
        ConnectorError(
            .permissionDenied, message: message, cause: "The connector is read-only.",
            fix: "Turn on 'Allow writes' for this connector if it should change data.", field: field)
    }
}
