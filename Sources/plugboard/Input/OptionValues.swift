import PlugboardCore

/// Turns `--option key=value` arguments into a connector's options object, typed by the type's JSON Schema.
///
/// `timeout=30` becomes the integer 30 when the schema says integer, and stays the string "30" when it says
/// string. `headers.Accept=application/json` sets one member of an object-valued option.
enum OptionValues {
    static func merge(_ assignments: [Assignment], into base: JSONObject, schema: JSONValue?)
        throws(CommandFailure) -> JSONObject
    {
        var options = base
        let properties = schema?["properties"]?.objectValue ?? [:]
        for assignment in assignments {
            let value = try assignment.resolvedValue()
            let key = assignment.key
            if properties[key] == nil, let dot = key.firstIndex(of: "."),
                let parent = properties[String(key[..<dot])], parent["type"]?.stringValue == "object"
            {
                let parentKey = String(key[..<dot])
                let member = String(key[key.index(after: dot)...])
                let memberSchema = parent["properties"]?[member] ?? parent["additionalProperties"]
                var object = options[parentKey]?.objectValue ?? [:]
                object[member] = try typed(value, schema: memberSchema, key: key)
                options[parentKey] = .object(object)
            } else {
                options[key] = try typed(value, schema: properties[key], key: key)
            }
        }
        return options
    }

    /// The text as the JSON type the schema asks for; untyped values are JSON when they parse, else strings.
    static func typed(_ text: String, schema: JSONValue?, key: String) throws(CommandFailure) -> JSONValue {
        switch schema?["type"]?.stringValue {
        case "string":
            return .string(text)
        case "integer":
            guard let integer = Int64(text) else { throw mistyped(key, text, "an integer") }
            return .integer(integer)
        case "number":
            guard let number = Double(text) else { throw mistyped(key, text, "a number") }
            return .number(number)
        case "boolean":
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: throw mistyped(key, text, "true or false")
            }
        case "object", "array":
            return try JSONArgument.parse(text, purpose: "--option \(key)")
        default:
            return (try? JSONParser.parse(text)) ?? .string(text)
        }
    }

    private static func mistyped(_ key: String, _ text: String, _ expected: String) -> CommandFailure {
        .usage("--option \(key)=\(text): the value must be \(expected).")
    }
}
