import PlugboardCore

/// The fields of an object JSON Schema as a table: name, type, required, default, secret, description.
enum SchemaFieldTable {
    static func render(_ schema: JSONValue) -> String {
        let properties = schema["properties"]?.objectValue ?? [:]
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        var table = Table([
            .init("FIELD", maximumWidth: 30), .init("TYPE", maximumWidth: 24), .init("REQUIRED"),
            .init("DEFAULT", maximumWidth: 24), .init("SECRET"), .init("DESCRIPTION", maximumWidth: 60),
        ])
        for (name, property) in properties {
            table.append([
                name, typeName(property), Display.yesNo(required.contains(name)),
                property["default"].map(Display.text) ?? "",
                property["writeOnly"] == .bool(true) ? "secret" : "",
                description(property),
            ])
        }
        if properties.isEmpty {
            let extra = schema["additionalProperties"]
            return extra == .bool(false) ? "(no fields)" : "(any fields\(extra?["writeOnly"] == .bool(true) ? ", all secret" : ""))"
        }
        return table.render()
    }

    /// `string`, `integer`, `string (GET|POST)`, `array of string`, `string (uri)`.
    static func typeName(_ property: JSONValue) -> String {
        var name: String
        switch property["type"] {
        case .string(let type)?: name = type
        case .array(let types)?: name = types.compactMap(\.stringValue).joined(separator: "|")
        default: name = property["oneOf"] != nil || property["anyOf"] != nil ? "one of several" : "any"
        }
        if name == "array", let items = property["items"] { name = "array of \(typeName(items))" }
        if let options = property["enum"]?.arrayValue {
            name += " (" + options.map(Display.text).joined(separator: "|") + ")"
        } else if let format = property["format"]?.stringValue {
            name += " (\(format))"
        }
        return name
    }

    private static func description(_ property: JSONValue) -> String {
        let title = property["title"]?.stringValue ?? ""
        let text = property["description"]?.stringValue ?? ""
        if title.isEmpty { return text }
        if text.isEmpty { return title }
        return "\(title): \(text)"
    }
}
