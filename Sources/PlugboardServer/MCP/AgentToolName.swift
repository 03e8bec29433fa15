/// Makes MCP tool names: `<connector>__<action>`, only `[a-zA-Z0-9_-]`, at most 64 characters, unique within a list.
struct AgentToolName {
    /// The longest tool name MCP clients accept everywhere.
    static let maximumLength = 64
    private var taken: Set<String> = []

    /// The name for this connector and action; a collision gets `_2`, `_3`, … within the length limit.
    mutating func make(connector: String, action: String) -> String {
        let base = String((Self.sanitized(connector) + "__" + Self.sanitized(action)).prefix(Self.maximumLength))
        var name = base
        var counter = 2
        while taken.contains(name) {
            let suffix = "_\(counter)"
            name = String(base.prefix(Self.maximumLength - suffix.count)) + suffix
            counter += 1
        }
        taken.insert(name)
        return name
    }

    /// Keeps ASCII letters, digits, `_` and `-`; every other character becomes `_`, runs of them one `_`.
    static func sanitized(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
            if allowed {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("_") {
                result.append("_")
            }
        }
        return result.isEmpty ? "_" : result
    }
}
