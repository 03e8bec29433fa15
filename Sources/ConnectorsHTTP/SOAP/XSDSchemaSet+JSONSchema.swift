import PlugboardCore

extension XSDSchemaSet {
    /// The JSON Schema of one element's value (an array's item when it repeats); `expanding` names the complex types
    /// being expanded around it, so a type met again inside itself is cut instead of inlined.
    func jsonSchema(for element: XSDElement, depth: Int = 0, expanding: [XMLName] = []) -> JSONValue {
        var schema = jsonSchema(for: element.type, depth: depth, expanding: expanding)
        if let documentation = element.documentation, case .object(var object) = schema {
            object["description"] = .string(documentation)
            schema = .object(object)
        }
        return schema
    }

    /// The JSON Schema of a type's values; recursion (a named type within itself) and depth are bounded.
    func jsonSchema(for type: XSDType?, depth: Int = 0, expanding: [XMLName] = []) -> JSONValue {
        guard depth < Self.maxTypeDepth else {
            return Schema.any(description: "Nested deeper than shown; any JSON value is mapped to XML as it is.")
        }
        switch resolve(type) {
        case .any:
            return Schema.any()
        case .scalar(let kind, let enumeration):
            return Self.scalarSchema(kind, enumeration: enumeration)
        case .complex(let complex):
            var chain = expanding
            if let name = complex.name {
                if expanding.contains(name) {
                    return Schema.any(
                        description: "A \(name.localName) again (the type is recursive); any JSON value is mapped to XML as it is.")
                }
                chain.append(name)
            }
            return objectSchema(content(of: complex), documentation: complex.documentation, depth: depth, expanding: chain)
        }
    }

    /// The object schema of flattened content: child elements in order (arrays where they repeat), then attributes.
    func objectSchema(_ content: XSDContent, documentation: String? = nil, depth: Int, expanding: [XMLName] = []) -> JSONValue {
        if content.items.isEmpty, content.attributes.isEmpty, let simple = content.simpleContent {
            return jsonSchema(for: simple, depth: depth + 1, expanding: expanding)
        }
        var properties = JSONObject()
        var required: [String] = []
        for item in content.items {
            let value = jsonSchema(for: item.element, depth: depth + 1, expanding: expanding)
            if item.occurs.repeats {
                properties[item.key] = Schema.array(value, maxItems: item.occurs.max)
            } else {
                properties[item.key] = value
            }
            if item.occurs.min > 0, !item.element.nillable { required.append(item.key) }
        }
        if let simple = content.simpleContent {
            properties["value"] = jsonSchema(for: simple, depth: depth + 1, expanding: expanding)
        }
        for attribute in content.attributes {
            properties[content.key(of: attribute)] = jsonSchema(for: attribute.type, depth: depth + 1, expanding: expanding)
            if attribute.required { required.append(content.key(of: attribute)) }
        }
        return Schema.object(properties, required: required, additionalProperties: .bool(content.isOpen), description: documentation)
    }

    static func scalarSchema(_ kind: XSDScalarKind, enumeration: [String]) -> JSONValue {
        switch kind {
        case .string: return Schema.string(enum: enumeration.isEmpty ? nil : enumeration)
        case .integer: return Schema.integer()
        case .number: return Schema.number()
        case .boolean: return Schema.boolean()
        }
    }
}
