/// Reads a connector's validated options by name, refusing names the schema does not declare,
/// so a configuration's decoder and its schema cannot drift apart.
public struct OptionsReader: Sendable {
    /// The validated options, defaults applied.
    public let values: JSONObject
    private let properties: JSONObject

    /// A reader over `values` that accepts only the names `schema` declares in `properties`.
    public init(values: JSONObject, schema: JSONValue) {
        self.values = values
        self.properties = schema["properties"]?.objectValue ?? [:]
    }

    /// The raw value of a declared field, nil when absent or null.
    public func value(_ name: String) -> JSONValue? {
        precondition(properties[name] != nil, "option '\(name)' is read but not declared in the schema")
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    /// A declared string field, nil when absent, null or not a string.
    public func string(_ name: String) -> String? { value(name)?.stringValue }
    /// A declared boolean field, nil when absent, null or not a boolean.
    public func bool(_ name: String) -> Bool? { value(name)?.boolValue }
    /// A declared integer field, nil when absent, null or not an integer.
    public func integer(_ name: String) -> Int? { value(name)?.integerValue.map { Int($0) } }
    /// A declared number field, nil when absent, null or not a number.
    public func double(_ name: String) -> Double? { value(name)?.doubleValue }

    /// A string-to-string map (headers, query), skipping non-string values the schema already refused.
    public func stringMap(_ name: String) -> [(String, String)] {
        guard let object = value(name)?.objectValue else { return [] }
        return object.compactMap { key, value in value.stringValue.map { (key, $0) } }
    }

    /// Seconds given as a number, as a `Duration`.
    public func seconds(_ name: String) -> Duration? {
        double(name).map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }
}
