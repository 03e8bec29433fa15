import PlugboardCore

/// Checks that a JSON Schema as Plugboard writes it is sound: known types, defaults and enum members that satisfy
/// their own schema, required names that exist, bounds in order.
enum SchemaLint {
    static let types: Set<String> = ["object", "array", "string", "integer", "number", "boolean", "null"]

    /// Every problem found, with the path where it is; empty when the schema is sound. A top-level object must
    /// close its properties (`additionalProperties: false`) so typos are caught.
    static func problems(in schema: JSONValue, isTopLevelObject: Bool) -> [String] {
        var found: [String] = []
        if isTopLevelObject {
            if schema["type"] != "object" { found.append("the top level is not an object schema") }
            if schema["additionalProperties"] != false { found.append("the top level accepts unknown properties") }
        }
        check(schema, path: "", into: &found)
        return found
    }

    private static func check(_ schema: JSONValue, path: String, into found: inout [String]) {
        guard let object = schema.objectValue else {
            if schema != true && schema != false { found.append("\(path): not a schema") }
            return
        }
        let at = path.isEmpty ? "(top)" : path
        if let type = object["type"] {
            let names = type.stringValue.map { [$0] } ?? type.arrayValue?.compactMap(\.stringValue) ?? []
            if names.isEmpty || !names.allSatisfy(types.contains) { found.append("\(at): unknown type \(type.jsonString())") }
        }
        if let value = object["default"], let problem = violation(of: value, in: object) { found.append("\(at): the default \(problem)") }
        if let options = object["enum"] {
            let members = options.arrayValue ?? []
            if members.isEmpty { found.append("\(at): an empty enum") }
            var withoutEnum = object
            withoutEnum["enum"] = nil
            for member in members where violation(of: member, in: withoutEnum) != nil {
                found.append("\(at): the enum member \(member.jsonString()) does not fit the type")
            }
        }
        if let minimum = object["minimum"]?.doubleValue, let maximum = object["maximum"]?.doubleValue, minimum > maximum {
            found.append("\(at): minimum above maximum")
        }
        let properties = object["properties"]?.objectValue ?? [:]
        for name in object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where properties[name] == nil {
            found.append("\(at): requires \(name), which it does not declare")
        }
        for (name, property) in properties { check(property, path: path.isEmpty ? name : "\(path).\(name)", into: &found) }
        if let items = object["items"] { check(items, path: "\(path)[]", into: &found) }
        if let additional = object["additionalProperties"], additional.objectValue != nil { check(additional, path: "\(path){}", into: &found) }
        for keyword in ["anyOf", "oneOf", "allOf"] {
            for (index, alternative) in (object[keyword]?.arrayValue ?? []).enumerated() {
                check(alternative, path: "\(path)/\(keyword)[\(index)]", into: &found)
            }
        }
    }

    private static func violation(of value: JSONValue, in schema: JSONObject) -> String? {
        do {
            try SchemaValidator.validate(value, against: .object(schema))
            return nil
        } catch {
            return "\(value.jsonString()) does not satisfy its schema (\(error.message))"
        }
    }
}
