/// A type a `Field` can hold: it knows its JSON Schema, how to read itself from JSON and how to write itself back.
///
/// `String`, `Int`, `Double`, `Bool`, `Duration`, `JSONValue`, `FieldMap`, arrays, optionals, `FieldChoice` enums and
/// nested `FieldSet`s conform; a driver conforms its own types (a query value that is a string or a list) the same way.
public protocol FieldValue: Sendable {
    /// The JSON Schema of this type's values, without title, description or default: the field adds those.
    static var fieldSchema: JSONObject { get }

    /// Reads a value that is present; a value of the wrong shape throws `path.fault(_:)` so the error names the field.
    ///
    /// Object members that are null never reach here (they leave the default); array elements and map members may.
    init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError)

    /// The value as JSON, for action outputs and for the `default` the schema shows.
    var fieldJSON: JSONValue { get }

    /// What the schema shows as `default` when this is a field's initial value; nil shows none.
    ///
    /// Defaults to `fieldJSON`, except that null and empty strings, arrays and objects show none: absence already means them.
    var schemaDefault: JSONValue? { get }
}

extension FieldValue {
    /// `fieldJSON`, or nil when it is null or empty.
    public var schemaDefault: JSONValue? {
        let json = fieldJSON
        switch json {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil
        case .array(let elements) where elements.isEmpty: return nil
        case .object(let members) where members.isEmpty: return nil
        default: return json
        }
    }
}
