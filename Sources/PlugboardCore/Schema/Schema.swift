/// Builders for the JSON Schemas that describe connection fields and action inputs and outputs.
///
/// Secret fields carry `writeOnly: true`, the JSON Schema annotation for values that are sent but never read back.
public enum Schema {
    /// An object schema; `additionalProperties` is false unless said otherwise, so typos are caught.
    public static func object(
        _ properties: JSONObject, required: [String] = [], additionalProperties: JSONValue = false,
        title: String? = nil, description: String? = nil
    ) -> JSONValue {
        var schema: JSONObject = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        schema["additionalProperties"] = additionalProperties
        return annotate(schema, title: title, description: description)
    }

    /// A string schema; `writeOnly` marks a secret field, `readOnly` one Plugboard sets and forms only show.
    public static func string(
        title: String? = nil, description: String? = nil, default value: String? = nil, enum options: [String]? = nil,
        format: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, writeOnly: Bool = false, readOnly: Bool = false
    ) -> JSONValue {
        var schema: JSONObject = ["type": "string"]
        if let value { schema["default"] = .string(value) }
        if let options { schema["enum"] = .array(options.map { .string($0) }) }
        if let format { schema["format"] = .string(format) }
        if let minLength { schema["minLength"] = .integer(Int64(minLength)) }
        if let maxLength { schema["maxLength"] = .integer(Int64(maxLength)) }
        if writeOnly { schema["writeOnly"] = true }
        if readOnly { schema["readOnly"] = true }
        return annotate(schema, title: title, description: description)
    }

    /// An integer schema with optional bounds, both inclusive.
    public static func integer(
        title: String? = nil, description: String? = nil, default value: Int? = nil, minimum: Int? = nil, maximum: Int? = nil
    ) -> JSONValue {
        var schema: JSONObject = ["type": "integer"]
        if let value { schema["default"] = .integer(Int64(value)) }
        if let minimum { schema["minimum"] = .integer(Int64(minimum)) }
        if let maximum { schema["maximum"] = .integer(Int64(maximum)) }
        return annotate(schema, title: title, description: description)
    }

    /// A number schema with optional bounds, both inclusive.
    public static func number(
        title: String? = nil, description: String? = nil, default value: Double? = nil, minimum: Double? = nil, maximum: Double? = nil
    ) -> JSONValue {
        var schema: JSONObject = ["type": "number"]
        if let value { schema["default"] = .number(value) }
        if let minimum { schema["minimum"] = .number(minimum) }
        if let maximum { schema["maximum"] = .number(maximum) }
        return annotate(schema, title: title, description: description)
    }

    /// A boolean schema.
    public static func boolean(title: String? = nil, description: String? = nil, default value: Bool? = nil) -> JSONValue {
        var schema: JSONObject = ["type": "boolean"]
        if let value { schema["default"] = .bool(value) }
        return annotate(schema, title: title, description: description)
    }

    /// An array schema whose elements follow `items`.
    public static func array(_ items: JSONValue, title: String? = nil, description: String? = nil, maxItems: Int? = nil) -> JSONValue {
        var schema: JSONObject = ["type": "array", "items": items]
        if let maxItems { schema["maxItems"] = .integer(Int64(maxItems)) }
        return annotate(schema, title: title, description: description)
    }

    /// An object whose keys are free and whose values follow `values` (headers, query parameters).
    public static func map(of values: JSONValue, title: String? = nil, description: String? = nil) -> JSONValue {
        annotate(["type": "object", "additionalProperties": values], title: title, description: description)
    }

    /// Any JSON value.
    public static func any(title: String? = nil, description: String? = nil) -> JSONValue {
        annotate([:], title: title, description: description)
    }

    private static func annotate(_ schema: JSONObject, title: String?, description: String?) -> JSONValue {
        var schema = schema
        if let title { schema["title"] = .string(title) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
