import PlugboardCore

extension HeaderList {
    /// The User-Agent every HTTP node sends unless the connector or the request sets its own.
    public static let defaultUserAgent = "Plugboard"

    /// Sets `User-Agent` to `defaultUserAgent` unless a field of that name is present.
    public mutating func setDefaultUserAgent() {
        if !contains("User-Agent") { set("User-Agent", Self.defaultUserAgent) }
    }

    /// Response headers as an object of lowercase names; repeated names joined with ", ".
    public static func joinedObject(_ fields: [(String, String)]) -> JSONObject {
        var object = JSONObject()
        for (name, value) in fields {
            let key = name.lowercased()
            if let existing = object[key]?.stringValue {
                object[key] = .string("\(existing), \(value)")
            } else {
                object[key] = .string(value)
            }
        }
        return object
    }
}
