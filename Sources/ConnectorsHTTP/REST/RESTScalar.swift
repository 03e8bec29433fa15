import PlugboardCore

/// A query or form value: a string, number or boolean, sent as text.
struct RESTScalar: FieldValue {
    /// The value as it is sent.
    var text: String

    static var fieldSchema: JSONObject { ["type": ["string", "number", "integer", "boolean"]] }

    init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let text = Self.text(json) else { throw path.fault("must be a string, number or boolean") }
        self.text = text
    }

    var fieldJSON: JSONValue { .string(text) }

    /// A scalar's text: a string as it is, numbers and booleans as JSON writes them; nil for anything else.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer, .number, .bool: return value.jsonString()
        default: return nil
        }
    }
}

/// A query parameter's values: one scalar, or an array of them to repeat the parameter.
struct RESTQueryValue: FieldValue {
    /// Each value, sent as its own `name=value`.
    var values: [String]

    static var fieldSchema: JSONObject {
        ["type": ["string", "number", "integer", "boolean", "array"], "items": ["type": ["string", "number", "integer", "boolean"]]]
    }

    init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        guard let elements = json.arrayValue else {
            guard let text = RESTScalar.text(json) else { throw path.fault("must be a string, number, boolean or an array of them") }
            values = [text]
            return
        }
        var values: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = RESTScalar.text(element) else { throw path.element(index).fault("must be a string, number or boolean") }
            values.append(text)
        }
        self.values = values
    }

    var fieldJSON: JSONValue { values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) }) }
}
