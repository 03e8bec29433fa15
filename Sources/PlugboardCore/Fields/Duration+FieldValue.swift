extension Duration: BoundedFieldValue {
    /// Bounds are durations, written in the schema as seconds.
    public typealias Bound = Duration

    /// `{"type": "number"}`: a duration is a number of seconds, as users type timeouts.
    public static var fieldSchema: JSONObject { ["type": "number"] }

    /// Seconds, rounded to the nanosecond so `0.1` is exactly `.milliseconds(100)`.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let seconds = json.doubleValue else { throw path.typeMismatch(expected: "number", found: json) }
        guard let nanoseconds = Int64(exactly: (seconds * 1e9).rounded()) else { throw path.fault("is too long a duration") }
        self = .nanoseconds(nanoseconds)
    }

    /// The duration in seconds, with a fraction.
    public var fieldJSON: JSONValue {
        .number(Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }
}
