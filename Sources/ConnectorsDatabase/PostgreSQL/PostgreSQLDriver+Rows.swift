import Foundation
import PlugboardCore
import PostgresNIO

extension PostgreSQLDriver {
    static let insertAction = ConnectorAction<PostgreSQLSession>(
        name: "insert", title: "Insert a row",
        description: "Inserts one row of column values and returns it as stored (defaults filled in). Refused on a read-only connector.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: PostgreSQLInsertInput.self,
        outputSchema: resultSchema
    ) { session, input, context in
        try await changeRows(.insert, input.target, values: input.values.object, match: [:], session, context)
    }

    static let updateAction = ConnectorAction<PostgreSQLSession>(
        name: "update", title: "Update rows",
        description: "Sets column values on the rows that match every column of match, and returns the changed rows. Refused on a read-only connector.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: PostgreSQLUpdateInput.self,
        outputSchema: resultSchema
    ) { session, input, context in
        try await changeRows(.update, input.target, values: input.values.object, match: input.match.object, session, context)
    }

    static let deleteAction = ConnectorAction<PostgreSQLSession>(
        name: "delete", title: "Delete rows",
        description: "Deletes the rows that match every column of match, and returns them. Refused on a read-only connector.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: PostgreSQLDeleteInput.self,
        outputSchema: resultSchema
    ) { session, input, context in
        try await changeRows(.delete, input.target, values: [:], match: input.match.object, session, context)
    }

    enum RowChange { case insert, update, delete }

    static func changeRows(
        _ change: RowChange, _ table: PostgreSQLTableName, values: JSONObject, match: JSONObject, _ session: PostgreSQLSession,
        _ context: CallContext
    ) async throws -> JSONValue {
        let configuration = session.configuration
        guard configuration.allowWrites else {
            throw readOnlyRefusal("This connector is read-only, so rows cannot be inserted, updated or deleted.")
        }
        let query = try rowChangeQuery(change, table: table, values: values, match: match, defaultSchema: configuration.schema)
        let connection = try await session.connection(context: context)
        return try await session.run(query, on: connection, limit: nil, logger: context.logger).json
    }

    /// The statement for a row change: identifiers quoted, every value a bound parameter, `RETURNING *`.
    static func rowChangeQuery(
        _ change: RowChange, table: PostgreSQLTableName, values: JSONObject, match: JSONObject, defaultSchema: String
    ) throws(ConnectorError) -> PostgresQuery {
        let target = quoted(table.schema ?? defaultSchema) + "." + quoted(table.table)
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
