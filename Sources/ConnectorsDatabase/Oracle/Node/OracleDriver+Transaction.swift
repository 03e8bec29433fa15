import PlugboardCore

extension OracleDriver {
    static let transactionAction = ConnectorAction<OracleSession>(
        name: "transaction", title: "Run a transaction",
        description: """
            Runs several statements, each with its own variables, in one transaction: all of them take effect or none does. \
            Returns each statement's rows or row count. On a read-only connector the transaction is READ ONLY.
            """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: OracleTransactionInput.self,
        outputSchema: Schema.object(["results": Schema.array(resultSchema, title: "Results, one per statement")], required: ["results"]),
        run: runTransaction)

    @Sendable static func runTransaction(_ session: OracleSession, _ input: OracleTransactionInput, _ context: CallContext) async throws -> JSONValue {
        let configuration = session.configuration
        let readOnly = !configuration.allowWrites
        let connection = try await session.connection()
        var statements: [(OracleSQL, [OracleBind])] = []
        for (index, item) in input.statements.enumerated() {
            let sql = try checkedStatement(item.sql, readOnly: readOnly, field: "statements[\(index)].sql")
            let binds = try OracleValue.binds(
                for: sql, from: item.variables.object, supportsBoolean: connection.capabilities.supportsBoolean,
                field: "statements[\(index)].variables")
            statements.append((sql, binds))
        }
        var results: [JSONValue] = []
        do {
            if readOnly { _ = try await session.run(setReadOnly, binds: [], on: connection, limit: nil) }
            for (index, (sql, binds)) in statements.enumerated() {
                do {
                    let result = try await session.run(sql, binds: binds, on: connection, limit: configuration.maxRows)
                    results.append(try json(result, maxLOBBytes: configuration.maxLOBBytes))
                } catch var error as ConnectorError {
                    error.message = "Statement \(index + 1) failed; nothing was changed. \(error.message)"
                    if error.field == "sql" { error.field = "statements[\(index)].sql" }
                    throw error
                }
            }
            if readOnly { await session.rollback(connection) } else { try await session.commit(connection) }
        } catch {
            await session.rollback(connection)
            throw error
        }
        return ["results": .array(results)]
    }
}
