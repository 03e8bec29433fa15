import PlugboardCore

/// Turns an OpenAPI schema into the JSON Schema subset `SchemaValidator` checks, so an operation's input can be
/// validated before anything is sent.
///
/// Local `$ref`s are inlined, recursion and depth are bounded (a cut branch accepts any value and says so), `allOf`
/// is merged into one schema, `oneOf` becomes `anyOf` (loose schemas often match several branches), and keywords the
/// validator cannot check (`pattern`, `multipleOf`, `not`, `discriminator`…) are dropped. For input schemas,
/// `readOnly` properties are left out: a client never sends them.
struct OpenAPISchemaConverter: Sendable {
    /// References are looked up here.
    let resolver: OpenAPIReferenceResolver
    /// Whether the schema describes a request (drops `readOnly` properties) or a response.
    var forInput: Bool
    /// Nesting levels converted before a branch is cut.
    static let maximumDepth = 12

    /// Keywords copied as they are.
    private static let kept = [
        "title", "description", "type", "enum", "const", "default", "examples", "deprecated", "minimum", "maximum",
        "minLength", "maxLength", "minItems", "maxItems",
    ]

    /// The converted schema.
    func convert(_ schema: JSONValue) -> JSONValue {
        convert(schema, depth: 0, references: [])
    }

    private func convert(_ schema: JSONValue, depth: Int, references: [String]) -> JSONValue {
        if schema == .bool(false) { return ["enum": [], "description": "No value is allowed here."] }
        guard let object = schema.objectValue else { return [:] }
        guard depth < Self.maximumDepth else { return ["description": "Nested too deeply to describe; any value is accepted here."] }
        if let reference = object["$ref"]?.stringValue {
            return .object(convertReference(reference, siblings: object, depth: depth, references: references))
        }
        var result = JSONObject()
        for key in Self.kept { if let value = object[key] { result[key] = value } }
        if let format = object["format"]?.stringValue, !format.hasPrefix("uri") { result["format"] = .string(format) }
        if let items = object["items"] { result["items"] = convert(items, depth: depth + 1, references: references) }
        if let properties = object["properties"]?.objectValue {
            var converted = JSONObject()
            for (name, property) in properties {
                if forInput, (resolver.resolve(property) ?? property)["readOnly"] == .bool(true) { continue }
                converted[name] = convert(property, depth: depth + 1, references: references)
            }
            result["properties"] = .object(converted)
            if let required = object["required"]?.arrayValue {
                let kept = required.filter { $0.stringValue.map { converted[$0] != nil } ?? false }
                if !kept.isEmpty { result["required"] = .array(kept) }
            }
        }
        switch object["additionalProperties"] {
        case .bool(let allowed)?: result["additionalProperties"] = .bool(allowed)
        case .object(let additional)?: result["additionalProperties"] = convert(.object(additional), depth: depth + 1, references: references)
        default: break
        }
        for keyword in ["oneOf", "anyOf"] {
            if let options = object[keyword]?.arrayValue {
                result["anyOf"] = .array(options.map { convert($0, depth: depth + 1, references: references) })
            }
        }
        if let parts = object["allOf"]?.arrayValue {
            result = merge(result, parts.map { convert($0, depth: depth + 1, references: references) })
        }
        return .object(result)
    }

    /// A reference inlined, or cut with a note when it recurses, is too deep, or points nowhere.
    private func convertReference(_ reference: String, siblings: JSONObject, depth: Int, references: [String]) -> JSONObject {
        let name = OpenAPIReferenceResolver.name(of: reference)
        var result: JSONObject
        if references.contains(reference) {
            result = ["description": .string("A \(name) again (the schema is recursive); any value is accepted here.")]
        } else if let target = resolver.target(of: reference) {
            result = convert(target, depth: depth + 1, references: references + [reference]).objectValue ?? [:]
        } else {
            result = ["description": .string("Described by \(reference), which this connector cannot read; any value is accepted here.")]
        }
        for key in ["title", "description", "default", "deprecated"] { if let value = siblings[key] { result[key] = value } }
        return result
    }

    /// `base` with every part of an `allOf` folded in: properties and required lists united, other keywords kept from the
    /// first part that has them. `additionalProperties: false` is dropped when parts bring properties of their own,
    /// since each part would refuse the others' properties.
    private func merge(_ base: JSONObject, _ parts: [JSONValue]) -> JSONObject {
        var merged = base
        var properties = base["properties"]?.objectValue ?? [:]
        var required = base["required"]?.arrayValue ?? []
        var partsWithProperties = base["properties"] == nil ? 0 : 1
        for part in parts {
            guard let part = part.objectValue else { continue }
            for (key, value) in part {
                switch key {
                case "properties":
                    partsWithProperties += 1
                    for (name, property) in value.objectValue ?? [:] where properties[name] == nil { properties[name] = property }
                case "required":
                    for name in value.arrayValue ?? [] where !required.contains(name) { required.append(name) }
                default:
                    if merged[key] == nil { merged[key] = value }
                }
            }
        }
        if !properties.isEmpty { merged["properties"] = .object(properties) }
        if !required.isEmpty { merged["required"] = .array(required) }
        if partsWithProperties > 1, merged["additionalProperties"] == .bool(false) { merged["additionalProperties"] = nil }
        return merged
    }
}
