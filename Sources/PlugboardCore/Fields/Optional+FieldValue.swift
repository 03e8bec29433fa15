extension Optional: FieldValue where Wrapped: FieldValue {
    /// The wrapped type's schema: an optional field is one that is not required.
    public static var fieldSchema: JSONObject { Wrapped.fieldSchema }

    /// nil for null, else the wrapped value.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        if json == .null {
            self = nil
        } else {
            self = try Wrapped(fieldJSON: json, at: path)
        }
    }

    /// null for nil, which leaves the member out of an encoded object.
    public var fieldJSON: JSONValue {
        switch self {
        case .some(let value): return value.fieldJSON
        case .none: return .null
        }
    }

    /// The wrapped value's default; none for nil.
    public var schemaDefault: JSONValue? {
        switch self {
        case .some(let value): return value.schemaDefault
        case .none: return nil
        }
    }
}

extension Optional: TextFieldValue where Wrapped: TextFieldValue {}

extension Optional: ListFieldValue where Wrapped: ListFieldValue {}

extension Optional: BoundedFieldValue where Wrapped: BoundedFieldValue {
    /// Bounds are written in the wrapped type.
    public typealias Bound = Wrapped.Bound
}
