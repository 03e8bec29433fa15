extension Schema {
    /// Fills missing object members that have a `default` in the schema, recursively through nested objects.
    public static func applyingDefaults(to value: JSONValue, schema: JSONValue) -> JSONValue {
        guard case .object(var object) = value, let properties = schema["properties"]?.objectValue else { return value }
        for (name, property) in properties {
            if let existing = object[name], existing != .null {
                object[name] = applyingDefaults(to: existing, schema: property)
            } else if let fallback = property["default"] {
                object[name] = fallback
            }
        }
        return .object(object)
    }

    /// The names of the fields marked `writeOnly` in an object schema.
    public static func writeOnlyFields(of schema: JSONValue) -> Set<String> {
        let properties = schema["properties"]?.objectValue ?? [:]
        return Set(properties.filter { $0.value["writeOnly"] == .bool(true) }.map(\.key))
    }
}
