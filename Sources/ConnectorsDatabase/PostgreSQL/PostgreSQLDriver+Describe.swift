import PlugboardCore
import PostgresNIO

extension PostgreSQLDriver {
    static let describeAction = ConnectorAction<PostgreSQLSession>(
        name: "describe", title: "Describe the schema",
            description: """
                Lists the database's schemas, and for the chosen schemas (the connector's by default) every table and view \
                with its columns (type, nullability, default), primary key, foreign keys and indexes.
                """,
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: PostgreSQLDescribeInput.self,
        outputSchema: Schema.object(
            ["schemas": Schema.array(Schema.string(), title: "Schemas"), "tables": Schema.array(Schema.map(of: Schema.any()), title: "Tables and views")],
            required: ["schemas", "tables"]),
        run: describe)

    /// Schema discovery: the connector's schema described as the `describe` action does.
    public func discover(_ session: PostgreSQLSession, context: CallContext) async throws -> JSONValue {
        try await Self.describe(session, PostgreSQLDescribeInput(), context)
    }

    private static let relationKinds: [String: String] = [
        "r": "table", "p": "partitioned table", "v": "view", "m": "materialized view", "f": "foreign table",
    ]

    @Sendable static func describe(_ session: PostgreSQLSession, _ input: PostgreSQLDescribeInput, _ context: CallContext) async throws -> JSONValue {
        let wanted = input.schemas ?? [session.configuration.schema]
        let connection = try await session.connection(context: context)
        let filter = JSONValue.array(wanted.map { .string($0) })
        func read(_ sql: String, _ binds: [JSONValue] = [filter]) async throws -> [JSONValue] {
            var bindings = PostgresBindings()
            for value in binds { bindings.append(PostgreSQLParameter(value)) }
            do {
                return try await session.run(PostgresQuery(unsafeSQL: sql, binds: bindings), on: connection, limit: nil, logger: context.logger).rows
            } catch let error as ConnectorError where error.code == .permissionDenied {
                throw ConnectorError(
                    .schemaDiscoveryFailed, message: "The role cannot read PostgreSQL's catalog: \(error.message)",
                    cause: "The role lacks SELECT on system catalog tables (pg_namespace, pg_class, pg_attribute, pg_constraint, pg_index).",
                    fix: "Grant the role read access to the catalog, e.g. GRANT SELECT ON pg_catalog.pg_class, pg_catalog.pg_namespace, pg_catalog.pg_attribute TO <role>.",
                    details: error.details)
            }
        }
        let scope = "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname::text = ANY($1::text[])"
        let schemas = try await read(
            "SELECT nspname::text AS name FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1", [])
        let relations = try await read(
            "SELECT c.oid::int8 AS id, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind FROM pg_catalog.pg_class c \(scope) AND c.relkind IN ('r','p','v','m','f') ORDER BY 2, 3")
        let columns = try await read("""
            SELECT a.attrelid::int8 AS id, a.attname::text AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, \
            NOT a.attnotnull AS nullable, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "default" \
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
            \(scope) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum
            """)
        let constraints = try await read("""
            SELECT k.conrelid::int8 AS id, k.conname::text AS name, k.contype::text AS kind, \
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(num, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.ord) AS columns, \
            fn.nspname::text AS "referencedSchema", fc.relname::text AS "referencedTable", \
            ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(num, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.ord) AS "referencedColumns" \
            FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid \
            LEFT JOIN pg_catalog.pg_class fc ON fc.oid = k.confrelid LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace \
            \(scope) AND k.contype IN ('p', 'f') ORDER BY 2
            """)
        let indexes = try await read("""
            SELECT i.indrelid::int8 AS id, ic.relname::text AS name, i.indisunique AS unique, i.indisprimary AS primary, \
            pg_catalog.pg_get_indexdef(i.indexrelid) AS definition FROM pg_catalog.pg_index i \
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_class c ON c.oid = i.indrelid \(scope) ORDER BY 2
            """)
        func of(_ rows: [JSONValue], _ id: JSONValue?) -> [JSONValue] { rows.filter { $0["id"] == id } }
        func without(_ row: JSONValue, _ keys: Set<String>) -> JSONValue {
            .object(JSONObject((row.objectValue ?? [:]).filter { !keys.contains($0.key) }.map { ($0.key, $0.value) }))
        }
        let tables: [JSONValue] = relations.map { relation in
            let id = relation["id"]
            let keys = of(constraints, id)
            let primary = keys.first { $0["kind"] == "p" }
            return [
                "schema": relation["schema"] ?? .null, "name": relation["name"] ?? .null,
                "kind": .string(relationKinds[relation["kind"]?.stringValue ?? ""] ?? "table"),
                "columns": .array(of(columns, id).map { without($0, ["id"]) }),
                "primaryKey": primary?["columns"] ?? .array([]),
                "foreignKeys": .array(keys.filter { $0["kind"] == "f" }.map { without($0, ["id", "kind"]) }),
                "indexes": .array(of(indexes, id).map { without($0, ["id"]) }),
            ]
        }
        return ["schemas": .array(schemas.compactMap { $0["name"] }), "tables": .array(tables)]
    }
}
