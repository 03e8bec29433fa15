import PlugboardCore
import Yams

extension Node {
    /// The node as JSON, keys in document order; scalars typed by their resolved YAML tag.
    ///
    /// Aliases were already expanded by the composer; any left over become null.
    var jsonValue: JSONValue {
        switch self {
        case .scalar(let scalar):
            switch tag.description {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return int.map { .integer(Int64($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                object[key.string ?? key.jsonValue.jsonString()] = value.jsonValue
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(\.jsonValue))
        case .alias:
            return .null
        }
    }
}
