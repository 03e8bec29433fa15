import PlugboardCore
import PostgresNIO

/// The rows of one statement as JSON objects, with each column's name and type beside them.
struct PostgreSQLResult: Sendable {
    /// Column names as they appear in the rows (a repeated name gets `_2`, `_3`, …) and their type names.
    var columns: [(name: String, type: String)] = []
    var rows: [JSONValue] = []
    /// More rows existed than the limit allowed.
    var truncated = false

    init(columns: PostgresColumns) {
        let names = ColumnNames.unique(columns.map(\.name))
        self.columns = zip(names, columns).map { ($0, PostgreSQLValue.typeName(oid: $1.dataType.rawValue)) }
    }

    mutating func append(_ row: PostgresRow) {
        var object = JSONObject()
        for (index, cell) in row.enumerated() where index < columns.count {
            object[columns[index].name] = PostgreSQLValue.json(oid: cell.dataType.rawValue, bytes: cell.bytes, binary: cell.format == .binary)
        }
        rows.append(.object(object))
    }

    /// `{columns: [{name, type}], rows, rowCount, truncated}`.
    var json: JSONValue {
        [
            "columns": .array(columns.map { ["name": .string($0.name), "type": .string($0.type)] }),
            "rows": .array(rows), "rowCount": .integer(Int64(rows.count)), "truncated": .bool(truncated),
        ]
    }
}
