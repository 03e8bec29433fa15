extension Int: BoundedFieldValue {
    /// Bounds are integers.
    public typealias Bound = Int

    /// `{"type": "integer"}`.
    public static var fieldSchema: JSONObject { ["type": "integer"] }

    /// A JSON whole number, `2.0` included as the schema validator allows it.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let whole = json.integerValue, let value = Int(exactly: whole) else {
            throw path.typeMismatch(expected: "integer", found: json)
        }
        self = value
    }

    /// The integer.
    public var fieldJSON: JSONValue { .integer(Int64(self)) }
}
