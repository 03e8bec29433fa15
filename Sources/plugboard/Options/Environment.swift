import Foundation

/// Reads the `PLUGBOARD_*` variables that stand in for options.
enum Environment {
    /// The variable's value, or nil when it is unset or empty.
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
