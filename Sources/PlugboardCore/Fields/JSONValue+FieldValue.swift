extension JSONValue: FieldValue {
    /// `{}`: any JSON value, as `Schema.any` writes it.
    public static var fieldSchema: JSONObject { [:] }

    /// The value as given.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        self = json
    }

    /// The value.
    public var fieldJSON: JSONValue { self }
}
