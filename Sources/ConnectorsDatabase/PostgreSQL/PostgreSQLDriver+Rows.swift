import Foundation
import PlugboardCore
import PostgresNIO

extension PostgreSQLDriver {
    private static let tableFields: JSONObject = [
        "table": Schema.string(title: "Table", minLength: 1),
        "schema": Schema.string(title: "Schema", description: "Defaults to the connector's schema."),
    ]

    private static func fields(_ extra: JSONObject) -> JSONObject {
        var all = tableFields
        for (key, value) in extra { all[key] = value }
        return all
    }

    private static let valuesField = Schema.map(of: Schema.any(), title: "Values", description: "Column names to values, bound as parameters.")
    private static let matchField = Schema.map(
        of: Schema.any(), title: "Match", description: "Column names to values the rows must have (null matches IS NULL); at least one.")

    static let insertAction = ConnectorAction<PostgreSQLSession>(
        ActionDescriptor(
            name: "insert", title: "Insert a row",
            description: "Inserts one row of column values and returns it as stored (defaults filled in). Refused on a read-only connector.",
            inputSchema: Schema.object(fields(["values": valuesField]), required: ["table", "values"]), outputSchema: resultSchema,
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false)),
        run: { session, input, context in try await changeRows(.insert, session, input, context) })

    static let updateAction = ConnectorAction<PostgreSQLSession>(
        ActionDescriptor(
            name: "update", title: "Update rows",
            description: "Sets column values on the rows that match every column of match, and returns the changed rows. Refused on a read-only connector.",
            inputSchema: Schema.object(fields(["values": valuesField, "match": matchField]), required: ["table", "values", "match"]),
            outputSchema: resultSchema, annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true)),
        run: { session, input, context in try await changeRows(.update, session, input, context) })

    static let deleteAction = ConnectorAction<PostgreSQLSession>(
        ActionDescriptor(
            name: "delete", title: "Delete rows",
            description: "Deletes the rows that match every column of match, and returns them. Refused on a read-only connector.",
            inputSchema: Schema.object(fields(["match": matchField]), required: ["table", "match"]), outputSchema: resultSchema,
            annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true)),
        run: { session, input, context in try await changeRows(.delete, session, input, context) })

    enum RowChange { case insert, update, delete }

    static func changeRows(_ change: RowChange, _ session: PostgreSQLSession, _ input: JSONValue, _ context: CallContext) async throws -> JSONValue {
        let configuration = session.configuration
        guard configuration.allowWrites else {
            throw readOnlyRefusal("This connector is read-only, so rows cannot be inserted, updated or deleted.")
        }
        let query = try rowChangeQuery(change, input: input, defaultSchema: configuration.schema)
        let connection = try await session.connection(context: context)
        return try await session.run(query, on: connection, limit: nil, logger: context.logger).json
    }

    /// The statement for a row change: identifiers quoted, every value a bound parameter, `RETURNING *`.
    static func rowChangeQuery(_ change: RowChange, input: JSONValue, defaultSchema: String) throws(ConnectorError) -> PostgresQuery {
        guard let table = input["table"]?.stringValue, !table.isEmpty else { throw .invalidInput("The table is required.", field: "table") }
        let target = quoted(input["schema"]?.stringValue ?? defaultSchema) + "." + quoted(table)
        let values = input["values"]?.objectValue ?? [:]
        let match = input["match"]?.objectValue ?? [:]
        var binds = PostgresBindings()
        func placeholder(_ value: JSONValue) -> String {
            let parameter = PostgreSQLParameter(value)
            if parameter.text == nil { binds.appendNull() } else { binds.append(parameter) }
            return "$\(binds.count)"
        }
        func conditions() throws(ConnectorError) -> String {
            guard !match.isEmpty else {
                throw .invalidInput("match needs at least one column; a change of every row is not done by accident.", field: "match")
            }
            return match.map { key, value in value == .null ? "\(quoted(key)) IS NULL" : "\(quoted(key)) = \(placeholder(value))" }
                .joined(separator: " AND ")
        }
        let sql: String
        switch change {
        case .insert:
            if values.isEmpty {
                sql = "INSERT INTO \(target) DEFAULT VALUES RETURNING *"
            } else {
                let columns = values.map { quoted($0.key) }.joined(separator: ", ")
                let parameters = values.map { placeholder($0.value) }.joined(separator: ", ")
                sql = "INSERT INTO \(target) (\(columns)) VALUES (\(parameters)) RETURNING *"
            }
        case .update:
            guard !values.isEmpty else { throw .invalidInput("values needs at least one column to set.", field: "values") }
            let assignments = values.map { "\(quoted($0.key)) = \(placeholder($0.value))" }.joined(separator: ", ")
            sql = "UPDATE \(target) SET \(assignments) WHERE \(try conditions()) RETURNING *"
        case .delete:
            sql = "DELETE FROM \(target) WHERE \(try conditions()) RETURNING *"
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// An identifier in double quotes, inner quotes doubled, so any name is taken literally.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
