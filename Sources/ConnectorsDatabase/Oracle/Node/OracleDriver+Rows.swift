import Foundation
import PlugboardCore

extension OracleDriver {
    static let insertAction = ConnectorAction<OracleSession>(
        name: "insert", title: "Insert a row",
        description: "Inserts one row of column values and commits; returns rowCount 1. Refused on a read-only connector.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: OracleInsertInput.self,
        outputSchema: resultSchema
    ) { session, input, context in
        try await changeRows(.insert, input.target, values: input.values.object, match: [:], session)
    }

    static let updateAction = ConnectorAction<OracleSession>(
        name: "update", title: "Update rows",
        description: "Sets column values on the rows that match every column of match and commits; returns how many changed. Refused on a read-only connector.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: OracleUpdateInput.self,
        outputSchema: resultSchema
    ) { session, input, context in
        try await changeRows(.update, input.target, values: input.values.object, match: input.match.object, session)
    }

    static let deleteAction = ConnectorAction<OracleSession>(
        name: "delete", title: "Delete rows",
        description: "Deletes the rows that match every column of match and commits; returns how many went. Refused on a read-only connector.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: OracleDeleteInput.self,
        outputSchema: resultSchema
    ) { session, input, context in
        try await changeRows(.delete, input.target, values: [:], match: input.match.object, session)
    }

    enum RowChange { case insert, update, delete }

    static func changeRows(
        _ change: RowChange, _ table: OracleTableName, values: JSONObject, match: JSONObject, _ session: OracleSession
    ) async throws -> JSONValue {
        guard session.configuration.allowWrites else {
            throw readOnlyRefusal("This connector is read-only, so rows cannot be inserted, updated or deleted.")
        }
        let connection = try await session.connection()
        let (sql, values) = try rowChangeStatement(change, table: table, values: values, match: match)
        let binds = try values.enumerated().map { index, value throws(ConnectorError) in
            try OracleValue.bind(value.1, supportsBoolean: connection.capabilities.supportsBoolean, field: value.0)
        }
        let result = try await session.run(sql, binds: binds, on: connection, limit: nil, commit: true)
        return try json(result, maxLOBBytes: session.configuration.maxLOBBytes)
    }

    /// The statement for a row change (identifiers quoted, values bound as `:1`, `:2`…) and its values with the field
    /// each came from.
    static func rowChangeStatement(
        _ change: RowChange, table: OracleTableName, values: JSONObject, match: JSONObject
    ) throws(ConnectorError) -> (OracleSQL, [(String, JSONValue)]) {
        let target = (table.owner.map { quoted($0) + "." } ?? "") + quoted(table.table)
        var bound: [(String, JSONValue)] = []
        func placeholder(_ field: String, _ value: JSONValue) -> String {
            bound.append((field, value))
            return ":\(bound.count)"
        }
        func conditions() throws(ConnectorError) -> String {
            guard !match.isEmpty else {
                throw .invalidInput("match needs at least one column; a change of every row is not done by accident.", field: "match")
            }
            return match.map { key, value in
                value == .null ? "\(quoted(key)) IS NULL" : "\(quoted(key)) = \(placeholder("match.\(key)", value))"
            }.joined(separator: " AND ")
        }
        let sql: String
        switch change {
        case .insert:
            guard !values.isEmpty else { throw .invalidInput("values needs at least one column.", field: "values") }
            let columns = values.map { quoted($0.key) }.joined(separator: ", ")
            let parameters = values.map { placeholder("values.\($0.key)", $0.value) }.joined(separator: ", ")
            sql = "INSERT INTO \(target) (\(columns)) VALUES (\(parameters))"
        case .update:
            guard !values.isEmpty else { throw .invalidInput("values needs at least one column to set.", field: "values") }
            let assignments = values.map { "\(quoted($0.key)) = \(placeholder("values.\($0.key)", $0.value))" }.joined(separator: ", ")
            sql = "UPDATE \(target) SET \(assignments) WHERE \(try conditions())"
        case .delete:
            sql = "DELETE FROM \(target) WHERE \(try conditions())"
        }
        return (try OracleSQL(sql), bound)
    }

    /// An identifier in double quotes, inner quotes doubled, so any name is taken literally (and case-sensitively).
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
