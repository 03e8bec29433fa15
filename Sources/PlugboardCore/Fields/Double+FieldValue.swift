extension Double: BoundedFieldValue {
    /// Bounds are numbers.
    public typealias Bound = Double

    /// `{"type": "number"}`.
    public static var fieldSchema: JSONObject { ["type": "number"] }

    /// Any JSON number.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let number = json.doubleValue else { throw path.typeMismatch(expected: "number", found: json) }
        self = number
    }

    /// The number.
    public var fieldJSON: JSONValue { .number(self) }
}
