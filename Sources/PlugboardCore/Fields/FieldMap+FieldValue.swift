extension FieldMap: FieldValue {
    /// An object with free names whose values follow `Value`'s schema, as `Schema.map(of:)` writes it.
    public static var fieldSchema: JSONObject {
        ["type": "object", "additionalProperties": .object(Value.fieldSchema)]
    }

    /// A JSON object, in its member order, each value decoded at its name (`headers.Accept`).
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let object = json.objectValue else { throw path.typeMismatch(expected: "object", found: json) }
        var map = FieldMap()
        for (name, member) in object {
            map[name] = try Value(fieldJSON: member, at: path.member(name))
        }
        self = map
    }

    /// The pairs as an object, in order.
    public var fieldJSON: JSONValue {
        .object(JSONObject(pairs.map { ($0.0, $0.1.fieldJSON) }))
    }
}
