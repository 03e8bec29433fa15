import PlugboardCore

extension XSDSchemaSet {
    /// The JSON Schema of one element's value (an array's item when it repeats).
    func jsonSchema(for element: XSDElement, depth: Int = 0) -> JSONValue {
        var schema = jsonSchema(for: element.type, depth: depth)
        if let documentation = element.documentation, case .object(var object) = schema {
            object["description"] = .string(documentation)
            schema = .object(object)
        }
        return schema
    }

    /// The JSON Schema of a type's values.
    func jsonSchema(for type: XSDType?, depth: Int = 0) -> JSONValue {
        guard depth < Self.maxTypeDepth else {
            return Schema.any(description: "Nested deeper than shown; any JSON value is mapped to XML as it is.")
        }
        switch resolve(type) {
        case .any:
            return Schema.any()
        case .scalar(let kind, let enumeration):
            return Self.scalarSchema(kind, enumeration: enumeration)
        case .complex(let complex):
            return objectSchema(content(of: complex), documentation: complex.documentation, depth: depth)
        }
    }

    /// The object schema of flattened content: child elements in order (arrays where they repeat), then attributes.
    func objectSchema(_ content: XSDContent, documentation: String? = nil, depth: Int) -> JSONValue {
        if content.items.isEmpty, content.attributes.isEmpty, let simple = content.simpleContent {
            return jsonSchema(for: simple, depth: depth + 1)
        }
        var properties = JSONObject()
        var required: [String] = []
        for item in content.items {
            let value = jsonSchema(for: item.element, depth: depth + 1)
            if item.occurs.repeats {
                properties[item.key] = Schema.array(value, maxItems: item.occurs.max)
            } else {
                properties[item.key] = value
            }
            if item.occurs.min > 0, !item.element.nillable { required.append(item.key) }
        }
        if let simple = content.simpleContent {
            properties["value"] = jsonSchema(for: simple, depth: depth + 1)
        }
        for attribute in content.attributes {
            properties[content.key(of: attribute)] = jsonSchema(for: attribute.type, depth: depth + 1)
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
