import PlugboardCore
import PostgresNIO

extension PostgreSQLDriver {
    static let transactionAction = ConnectorAction<PostgreSQLSession>(
        name: "transaction", title: "Run a transaction",
            description: """
                Runs several statements, each with its own variables, in one transaction: all of them take effect or none \
                does. Returns each statement's rows. On a read-only connector the transaction is READ ONLY.
                """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: PostgreSQLTransactionInput.self,
        outputSchema: Schema.object(["results": Schema.array(resultSchema, title: "Results, one per statement")], required: ["results"]),
        run: runTransaction)

    @Sendable static func runTransaction(
        _ session: PostgreSQLSession, _ input: PostgreSQLTransactionInput, _ context: CallContext
    ) async throws -> JSONValue {
        let configuration = session.configuration
        let readOnly = !configuration.allowWrites
        var queries: [PostgresQuery] = []
        for (index, item) in input.statements.enumerated() {
            let statement = try checkedStatement(item.sql, readOnly: readOnly, field: "statements[\(index)].sql")
            let binds = try PostgreSQLParameter.bindings(
                for: statement.parameterNames, from: item.variables.object, field: "statements[\(index)].variables")
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
