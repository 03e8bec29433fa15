extension FieldSet {
    /// The object schema of `fields`, with the set's title and description unless the field gives its own.
    public static var fieldSchema: JSONObject {
        fields.schema.objectValue ?? [:]
    }

    /// Decodes the object through `fields`, so faults name the nested path.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        self = try Self.fields.decode(json, at: path)
    }

    /// The object `fields` encodes.
    public var fieldJSON: JSONValue {
        Self.fields.encode(self)
    }

    /// None: each member's schema shows its own default.
    public var schemaDefault: JSONValue? { nil }
}
