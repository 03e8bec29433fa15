extension JSONPath: FieldValue {
    /// The document itself: the empty path.
    public static let document = JSONPath(steps: [])

    /// A path is written as a string.
    public static var fieldSchema: JSONObject { ["type": "string"] }

    /// Parses the path, naming the field when it is malformed.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let text = json.stringValue else { throw path.typeMismatch(expected: "string", found: json) }
        try self.init(text, field: path.field)
    }

    /// The path as written.
    public var fieldJSON: JSONValue { .string(description) }
}
