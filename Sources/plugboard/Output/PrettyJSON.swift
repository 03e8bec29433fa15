import PlugboardCore

/// JSON indented two spaces per level, for people reading `show` and `run` output.
enum PrettyJSON {
    static func string(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let elements) where !elements.isEmpty:
            let lines = elements.map { inner + string($0, indent: inner) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let object) where !object.isEmpty:
            let lines = object.map { member in
                inner + JSONValue.string(member.key).jsonString() + ": " + string(member.value, indent: inner)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return value.jsonString()
        }
    }
}
