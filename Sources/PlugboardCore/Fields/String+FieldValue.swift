extension String: TextFieldValue {
    /// `{"type": "string"}`.
    public static var fieldSchema: JSONObject { ["type": "string"] }

    /// A JSON string.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let text = json.stringValue else { throw path.typeMismatch(expected: "string", found: json) }
        self = text
    }

    /// The string.
    public var fieldJSON: JSONValue { .string(self) }
}
