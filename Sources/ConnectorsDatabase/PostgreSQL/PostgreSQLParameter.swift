import Foundation
import NIOCore
import PlugboardCore
import PostgresNIO

/// One bound parameter: a JSON value sent in text format with no declared type, so PostgreSQL infers the type
/// from where the parameter stands (`id = $1` makes it the column's type) exactly as it does for a literal,
/// while the value itself never becomes part of the SQL text.
struct PostgreSQLParameter: PostgresDynamicTypeEncodable {
    /// The value's text, or nil for SQL NULL.
    let text: String?

    var psqlType: PostgresDataType { PostgresDataType(0) }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        if let text { byteBuffer.writeString(text) }
    }

    /// Strings as they are, numbers and booleans as PostgreSQL reads them, objects as JSON text,
    /// arrays of scalars as PostgreSQL array literals (`{1,2,3}`), other arrays as JSON text.
    init(_ value: JSONValue) {
        switch value {
        case .null: text = nil
        case .string(let string): text = string
        case .bool(let bool): text = bool ? "true" : "false"
        case .integer(let integer): text = String(integer)
        case .number: text = value.jsonString()
        case .object: text = value.jsonString()
        case .array(let items): text = Self.arrayLiteral(items) ?? value.jsonString()
        }
    }

    private static func arrayLiteral(_ items: [JSONValue]) -> String? {
        var parts: [String] = []
        for item in items {
            switch item {
            case .null: parts.append("NULL")
            case .bool(let bool): parts.append(bool ? "true" : "false")
            case .integer(let integer): parts.append(String(integer))
            case .number: parts.append(item.jsonString())
            case .string(let string):
                let escaped = string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                parts.append("\"\(escaped)\"")
            case .array(let nested):
                guard let literal = arrayLiteral(nested) else { return nil }
                parts.append(literal)
            case .object: return nil
            }
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// The bindings for `names`, read from `variables`; a missing variable is `invalid_input` naming it.
    static func bindings(for names: [String], from variables: JSONObject, field: String = "variables") throws(ConnectorError) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: names.count)
        for name in names {
            guard let value = variables[name] else {
                throw .invalidInput("The SQL uses @\(name), but variables has no '\(name)'.", field: "\(field).\(name)")
            }
            let parameter = PostgreSQLParameter(value)
            if parameter.text == nil { bindings.appendNull() } else { bindings.append(parameter) }
        }
        return bindings
    }
}
