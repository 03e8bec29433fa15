extension Array: FieldValue where Element: FieldValue {
    /// An array schema whose `items` is the element's schema.
    public static var fieldSchema: JSONObject { ["type": "array", "items": .object(Element.fieldSchema)] }

    /// A JSON array, each element decoded at its index (`files[2]`).
    public init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let elements = json.arrayValue else { throw path.typeMismatch(expected: "array", found: json) }
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            values.append(try Element(fieldJSON: element, at: path.element(index)))
        }
        self = values
    }

    /// The elements' JSON, in order.
    public var fieldJSON: JSONValue { .array(map(\.fieldJSON)) }
}

extension Array: ListFieldValue where Element: FieldValue {}
