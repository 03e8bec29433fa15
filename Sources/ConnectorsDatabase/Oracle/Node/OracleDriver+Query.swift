import PlugboardCore

extension OracleDriver {
    static let queryAction = ConnectorAction<OracleSession>(
        name: "query", title: "Run a query",
        description: """
            Runs one SQL statement or PL/SQL block. Write :name where a value goes and give it in variables: it is sent as a \
            bound value, never spliced into the SQL (a :name inside a string literal, quoted identifier or comment is left \
            alone). Rows come back as objects: NUMBER as an exact decimal string, dates ISO 8601, RAW and BLOB base64. On a \
            read-only connector the statement runs in a SET TRANSACTION READ ONLY transaction and only queries and DML (which \
            Oracle then refuses) are accepted; with writes allowed, the statement is committed when it succeeds.
            """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: OracleQueryInput.self,
        outputSchema: resultSchema, run: runQuery)

    /// `{columns, rows, rowCount, truncated}`.
    static let resultSchema = Schema.object(
        [
            "columns": Schema.array(
                Schema.object(["name": Schema.string(), "type": Schema.string()]), title: "Columns", description: "Name and Oracle type of each column."),
            "rows": Schema.array(Schema.map(of: Schema.any()), title: "Rows"),
            "rowCount": Schema.integer(title: "Rows returned or changed"),
            "truncated": Schema.boolean(title: "Truncated", description: "More rows existed than the limit allowed."),
        ], required: ["columns", "rows", "rowCount", "truncated"])

    @Sendable static func runQuery(_ session: OracleSession, _ input: OracleQueryInput, _ context: CallContext) async throws -> JSONValue {
        let configuration = session.configuration
        let readOnly = !configuration.allowWrites
        let sql = try checkedStatement(input.sql, readOnly: readOnly, field: "sql")
        let connection = try await session.connection()
        let binds = try OracleValue.binds(
            for: sql, from: input.variables.object, supportsBoolean: connection.capabilities.supportsBoolean, field: "variables")
        let limit = input.maxRows ?? configuration.maxRows
        if !readOnly {
            let result = try await session.run(sql, binds: binds, on: connection, limit: limit, commit: sql.kind != .query)
            return try json(result, maxLOBBytes: configuration.maxLOBBytes)
        }
        do {
            _ = try await session.run(setReadOnly, binds: [], on: connection, limit: nil)
            let result = try await session.run(sql, binds: binds, on: connection, limit: limit)
            await session.rollback(connection)
            return try json(result, maxLOBBytes: configuration.maxLOBBytes)
        } catch {
            await session.rollback(connection)
            throw error
        }
    }

    static let setReadOnly = OracleSQL(verified: "SET TRANSACTION READ ONLY")

    /// Statements that end, start or shape transactions: refused so a statement cannot leave the transaction Plugboard
    /// runs it in, or leave one open on a pooled session.
    static let transactionControl: Set<String> = ["COMMIT", "ROLLBACK", "SAVEPOINT", "SET", "LOCK"]

    /// The statement, once it is known not to be transaction control (nor, read-only, DDL or PL/SQL).
    static func checkedStatement(_ text: String, readOnly: Bool, field: String) throws(ConnectorError) -> OracleSQL {
        let sql = try OracleSQL(text)
        if sql.firstKeyword.isEmpty { throw .invalidInput("The SQL is empty.", field: field) }
        if transactionControl.contains(sql.firstKeyword) {
            if readOnly {
                throw readOnlyRefusal("\(sql.firstKeyword) is refused: a read-only connector's statements run in a READ ONLY transaction they cannot leave.", field: field)
            }
            throw .invalidInput("\(sql.firstKeyword) is not allowed in a query; use the transaction action for several statements.", field: field)
        }
        if readOnly && (sql.kind == .ddl || sql.kind == .plsql || sql.kind == .other) {
            throw readOnlyRefusal("A read-only connector runs queries only; \(sql.firstKeyword) could change data or end the READ ONLY transaction.", field: field)
        }
        return sql
    }

    static func readOnlyRefusal(_ message: String, field: String? = nil) -> ConnectorError {
        ConnectorError(
            .permissionDenied, message: message, cause: "The connector is read-only.",
            fix: "Turn on 'Allow writes' for this connector if it should change data.", field: field)
    }

    /// `{columns: [{name, type}], rows, rowCount, truncated}`; a repeated column name gets `_2`, `_3`…
    static func json(_ result: OracleConnection.StatementResult, maxLOBBytes: Int) throws -> JSONValue {
        let names = ColumnNames.unique(result.columns.map(\.name))
        var rows: [JSONValue] = []
        rows.reserveCapacity(result.rows.count)
        for row in result.rows {
            var object = JSONObject()
            for (index, column) in result.columns.enumerated() where index < row.count {
                object[names[index]] = try OracleValue.json(row[index], column: column, maxLOBBytes: maxLOBBytes)
            }
            rows.append(.object(object))
        }
        return [
            "columns": .array(zip(names, result.columns).map { ["name": .string($0), "type": .string($1.typeName)] }),
            "rows": .array(rows), "rowCount": .integer(Int64(result.rowCount)), "truncated": .bool(result.truncated),
        ]
    }
}
