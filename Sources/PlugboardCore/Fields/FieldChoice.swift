/// An enum whose string raw values are the only values a field accepts; its cases become the schema's `enum`, in order.
///
/// Declare `enum Method: String, FieldChoice { case get = "GET", post = "POST" }`; `CaseIterable` is synthesized.
public protocol FieldChoice: FieldValue, CaseIterable, RawRepresentable where RawValue == String {}

extension FieldChoice {
    /// A string schema whose `enum` lists every case's raw value.
    public static var fieldSchema: JSONObject {
        ["type": "string", "enum": .array(allCases.map { .string($0.rawValue) })]
    }

    /// The case whose raw value the string is; any other string is refused with the list of allowed ones.
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let text = json.stringValue else { throw path.typeMismatch(expected: "string", found: json) }
        guard let choice = Self(rawValue: text) else {
            throw path.fault("must be one of: \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = choice
    }

    /// The raw value.
    public var fieldJSON: JSONValue { .string(rawValue) }
}
