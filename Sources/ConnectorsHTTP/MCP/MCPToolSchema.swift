import Foundation
import PlugboardCore

/// Makes an MCP tool's input schema one that Plugboard's `SchemaValidator` checks the way the server would.
///
/// Local `$ref`s (`#/$defs/…`, `#/definitions/…`, as Pydantic and zod write them) are inlined, since the validator does
/// not follow references; a reference met again inside its own expansion, or a depth past `maximumDepth`, accepts anything. `format`s the validator reads more
/// strictly than JSON Schema (`uri` means any URI, not only http) are dropped. The root is always an object schema.
enum MCPToolSchema {
    /// How deep references are inlined before a sub-schema accepts anything.
    static let maximumDepth = 12

    /// The acceptable form of `schema`.
    static func acceptable(_ schema: JSONValue) -> JSONValue {
        guard var root = schema.objectValue else { return ["type": "object"] }
        let definitions = (root["$defs"]?.objectValue ?? [:]).merging(root["definitions"]?.objectValue ?? [:])
        if let type = root["type"]?.stringValue, type != "object" { return ["type": "object"] }
        root["type"] = "object"
        return simplify(.object(root), definitions: definitions, depth: 0, references: [])
    }

    /// `value` made acceptable; `references` are the `$ref`s being expanded around it, so a repeat is cut, not inlined.
    private static func simplify(_ value: JSONValue, definitions: JSONObject, depth: Int, references: [String]) -> JSONValue {
        guard depth <= maximumDepth else { return [:] }
        switch value {
        case .object(let object):
            if let reference = object["$ref"]?.stringValue {
                if references.contains(reference) {
                    let name = reference.split(separator: "/").last.map(String.init) ?? reference
                    return ["description": .string("A \(name) again (the schema is recursive); any value is accepted here.")]
                }
                var resolved = resolve(reference, in: definitions)?.objectValue ?? [:]
                // Siblings of $ref (a description, a default) apply alongside the referenced schema.
                for (key, member) in object where key != "$ref" { resolved[key] = member }
                return simplify(.object(resolved), definitions: definitions, depth: depth + 1, references: references + [reference])
            }
            var result = JSONObject()
            for (key, member) in object {
                switch key {
                case "$defs", "definitions", "$schema", "$id", "$comment": continue
                case "format" where strictFormats.contains(member.stringValue ?? ""): continue
                case "properties", "patternProperties", "dependentSchemas":
                    // Keys here are field names, not keywords.
                    var fields = JSONObject()
                    for (name, field) in member.objectValue ?? [:] {
                        fields[name] = simplify(field, definitions: definitions, depth: depth + 1, references: references)
                    }
                    result[key] = .object(fields)
                case "default", "const", "enum", "examples", "required", "title", "description":
                    result[key] = member
                default:
                    result[key] = simplify(member, definitions: definitions, depth: depth + 1, references: references)
                }
            }
            return .object(result)
        case .array(let elements):
            return .array(elements.map { simplify($0, definitions: definitions, depth: depth + 1, references: references) })
        default:
            return value
        }
    }

    /// Formats `SchemaValidator` enforces more narrowly than the JSON Schema meaning a server relies on.
    private static let strictFormats: Set<String> = ["uri", "uri-reference", "iri", "iri-reference", "date-time"]

    private static func resolve(_ reference: String, in definitions: JSONObject) -> JSONValue? {
        for prefix in ["#/$defs/", "#/definitions/"] where reference.hasPrefix(prefix) {
            let name = String(reference.dropFirst(prefix.count)).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            return definitions[name]
        }
        return nil
    }
}

extension JSONObject {
    /// This object with `other`'s members added; members of the same name take `other`'s value.
    fileprivate func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        for (key, value) in other { merged[key] = value }
        return merged
    }
}
