import PlugboardCore
import PostgresNIO

extension PostgreSQLDriver {
    static let transactionAction = ConnectorAction<PostgreSQLSession>(
        ActionDescriptor(
            name: "transaction", title: "Run a transaction",
            description: """
                Runs several statements, each with its own variables, in one transaction: all of them take effect or none \
                does. Returns each statement's rows. On a read-only connector the transaction is READ ONLY.
                """,
            inputSchema: Schema.object(
                [
                    "statements": Schema.array(
                        Schema.object(
                            ["sql": Schema.string(title: "SQL", minLength: 1), "variables": Schema.map(of: Schema.any(), title: "Variables")],
                            required: ["sql"]),
                        title: "Statements", maxItems: 1000)
                ], required: ["statements"]),
            outputSchema: Schema.object(["results": Schema.array(resultSchema, title: "Results, one per statement")], required: ["results"]),
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false)),
        run: { session, input, context in try await runTransaction(session, input, context) })

    static func runTransaction(_ session: PostgreSQLSession, _ input: JSONValue, _ context: CallContext) async throws -> JSONValue {
        let configuration = session.configuration
        let readOnly = !configuration.allowWrites
        let items = input["statements"]?.arrayValue ?? []
        guard !items.isEmpty else { throw ConnectorError.invalidInput("statements needs at least one statement.", field: "statements") }
        var queries: [PostgresQuery] = []
        for (index, item) in items.enumerated() {
            let statement = try checkedStatement(item["sql"]?.stringValue ?? "", readOnly: readOnly, field: "statements[\(index)].sql")
            let binds = try PostgreSQLParameter.bindings(
                for: statement.parameterNames, from: item["variables"]?.objectValue ?? [:], field: "statements[\(index)].variables")
            queries.append(PostgresQuery(unsafeSQL: statement.positional, binds: binds))
        }
        let connection = try await session.connection(context: context)
        try await session.execute(readOnly ? "BEGIN TRANSACTION READ ONLY" : "BEGIN", on: connection, logger: context.logger)
        var results: [JSONValue] = []
        do {
            for (index, query) in queries.enumerated() {
                do {
                    results.append(try await session.run(query, on: connection, limit: configuration.maxRows, logger: context.logger).json)
                } catch var error as ConnectorError {
                    error.message = "Statement \(index + 1) failed; nothing was changed. \(error.message)"
                    if error.field == "sql" { error.field = "statements[\(index)].sql" }
                    throw error
                }
            }
            if readOnly {
                await session.rollback(connection, logger: context.logger)
            } else {
                try await session.execute("COMMIT", on: connection, logger: context.logger)
            }
        } catch {
            await session.rollback(connection, logger: context.logger)
            throw error
        }
        return ["results": .array(results)]
    }
}
