extension Bool: FieldValue {
    /// `{"type": "boolean"}`.
    public static var fieldSchema: JSONObject { ["type": "boolean"] }

    /// `true` or `false`.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let flag = json.boolValue else { throw path.typeMismatch(expected: "boolean", found: json) }
        self = flag
    }

    /// The boolean.
    public var fieldJSON: JSONValue { .bool(self) }
}
