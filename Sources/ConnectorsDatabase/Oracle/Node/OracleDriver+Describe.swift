import PlugboardCore

extension OracleDriver {
    static let describeAction = ConnectorAction<OracleSession>(
        name: "describe", title: "Describe the schema",
        description: """
            Lists the tables of the chosen owners (the user's own by default) from ALL_TABLES, each with its columns \
            (type, length, precision, scale, nullability) from ALL_TAB_COLUMNS, and its primary key, unique keys and foreign \
            keys from ALL_CONSTRAINTS.
            """,
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: OracleDescribeInput.self,
        outputSchema: Schema.object(
            ["owners": Schema.array(Schema.string(), title: "Owners"), "tables": Schema.array(Schema.map(of: Schema.any()), title: "Tables")],
            required: ["owners", "tables"]),
        run: describe)

    /// Schema discovery: the user's own schema described as the `describe` action does.
    public func discover(_ session: OracleSession, context: CallContext) async throws -> JSONValue {
        try await Self.describe(session, OracleDescribeInput(), context)
    }

    @Sendable static func describe(_ session: OracleSession, _ input: OracleDescribeInput, _ context: CallContext) async throws -> JSONValue {
        let connection = try await session.connection()
        var owners = input.owners ?? []
        if owners.isEmpty {
            let user = try await session.run(OracleSQL(verified: "SELECT USER FROM DUAL"), binds: [], on: connection, limit: 1)
            owners = try user.rows.first.flatMap { try OracleValue.json($0.first ?? nil, column: user.columns[0], maxLOBBytes: 0).stringValue }.map { [$0] } ?? []
        }
        var tables: [JSONValue] = []
        for owner in owners {
            tables += try await describe(owner: owner, session, connection)
        }
        return ["owners": .array(owners.map { .string($0) }), "tables": .array(tables)]
    }

    private static func describe(owner: String, _ session: OracleSession, _ connection: OracleConnection) async throws -> [JSONValue] {
        func read(_ sql: String) async throws -> [JSONValue] {
            do {
                let result = try await session.run(OracleSQL(verified: sql), binds: [.text(owner)], on: connection, limit: nil)
                return try json(result, maxLOBBytes: 0)["rows"]?.arrayValue ?? []
            } catch let error as ConnectorError where error.code == .permissionDenied || error.code == .notFound {
                throw ConnectorError(
                    .schemaDiscoveryFailed, message: "The user cannot read Oracle's dictionary views: \(error.message)",
                    cause: "ALL_TABLES, ALL_TAB_COLUMNS, ALL_CONSTRAINTS or ALL_CONS_COLUMNS is not visible to this user.",
                    fix: "Grant the user SELECT on those views (or SELECT_CATALOG_ROLE).", details: error.details)
            }
        }
        let names = try await read("SELECT TABLE_NAME FROM ALL_TABLES WHERE OWNER = :owner ORDER BY TABLE_NAME")
        let columns = try await read("""
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, DATA_LENGTH, DATA_PRECISION, DATA_SCALE, NULLABLE, COLUMN_ID \
            FROM ALL_TAB_COLUMNS WHERE OWNER = :owner ORDER BY TABLE_NAME, COLUMN_ID
            """)
        let constraints = try await read("""
            SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, TABLE_NAME, R_OWNER, R_CONSTRAINT_NAME FROM ALL_CONSTRAINTS \
            WHERE OWNER = :owner AND CONSTRAINT_TYPE IN ('P', 'R', 'U') ORDER BY TABLE_NAME, CONSTRAINT_NAME
            """)
        let keyColumns = try await read("""
            SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, POSITION FROM ALL_CONS_COLUMNS \
            WHERE OWNER = :owner ORDER BY CONSTRAINT_NAME, POSITION
            """)
        func text(_ row: JSONValue, _ key: String) -> String { row[key]?.stringValue ?? "" }
        func columnsOf(_ constraint: String) -> JSONValue {
            .array(keyColumns.filter { text($0, "CONSTRAINT_NAME") == constraint }.map { $0["COLUMN_NAME"] ?? .null })
        }
        return names.map { tableRow in
            let table = text(tableRow, "TABLE_NAME")
            let own = constraints.filter { text($0, "TABLE_NAME") == table }
            let primary = own.first { text($0, "CONSTRAINT_TYPE") == "P" }
            let foreign: [JSONValue] = own.filter { text($0, "CONSTRAINT_TYPE") == "R" }.map { key in
                let referenced = text(key, "R_CONSTRAINT_NAME")
                let target = constraints.first { text($0, "CONSTRAINT_NAME") == referenced }
                return [
                    "name": key["CONSTRAINT_NAME"] ?? .null, "columns": columnsOf(text(key, "CONSTRAINT_NAME")),
                    "referencedOwner": key["R_OWNER"] ?? .null, "referencedTable": target?["TABLE_NAME"] ?? .null,
                    "referencedColumns": columnsOf(referenced),
                ]
            }
            return [
                "owner": .string(owner), "name": .string(table),
                "columns": .array(columns.filter { text($0, "TABLE_NAME") == table }.map { column in
                    [
                        "name": column["COLUMN_NAME"] ?? .null, "type": column["DATA_TYPE"] ?? .null, "length": column["DATA_LENGTH"] ?? .null,
                        "precision": column["DATA_PRECISION"] ?? .null, "scale": column["DATA_SCALE"] ?? .null,
                        "nullable": .bool(text(column, "NULLABLE") == "Y"),
                    ]
                }),
                "primaryKey": primary.map { columnsOf(text($0, "CONSTRAINT_NAME")) } ?? .array([]),
                "uniqueKeys": .array(own.filter { text($0, "CONSTRAINT_TYPE") == "U" }.map { columnsOf(text($0, "CONSTRAINT_NAME")) }),
                "foreignKeys": .array(foreign),
            ]
        }
    }
}
