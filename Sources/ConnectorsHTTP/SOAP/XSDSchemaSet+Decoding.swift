import PlugboardCore

/// Maps XML elements back to JSON by the schema: numbers and booleans typed, arrays where an element may repeat;
/// elements the schema does not describe are kept without types.
struct XSDDecoder {
    let schemas: XSDSchemaSet

    /// The JSON value of `node` read as `type`.
    func decode(_ node: XMLTreeElement, type: XSDType?, depth: Int = 0) -> JSONValue {
        if node.attribute("nil", namespace: XSDSchemaSet.instanceNamespace) == "true" { return .null }
        guard depth < 64 else { return Self.generic(node, depth: depth) }
        switch schemas.resolve(type) {
        case .scalar(let kind, _):
            return Self.scalar(node.text, kind)
        case .any:
            return Self.generic(node, depth: depth)
        case .complex(let complex):
            return decode(node, content: schemas.content(of: complex), depth: depth)
        }
    }

    private func decode(_ node: XMLTreeElement, content: XSDContent, depth: Int) -> JSONValue {
        if content.items.isEmpty, content.attributes.isEmpty, let simple = content.simpleContent {
            return decode(node, type: simple, depth: depth + 1)
        }
        var object = JSONObject()
        var used = Set<String>()
        for item in content.items {
            let matches = node.elements.filter { $0.name.localName == item.key }
            used.insert(item.key)
            if item.occurs.repeats {
                object[item.key] = .array(matches.map { decode($0, type: item.element.type, depth: depth + 1) })
            } else if let first = matches.first {
                object[item.key] = decode(first, type: item.element.type, depth: depth + 1)
            }
        }
        for child in node.elements where !used.contains(child.name.localName) {
            let key = child.name.localName
            let value = Self.generic(child, depth: depth + 1)
            if let existing = object[key] {
                object[key] = .array((existing.arrayValue ?? [existing]) + [value])
            } else {
                object[key] = value
            }
        }
        for attribute in node.attributes where !Self.isInfrastructure(attribute.name) {
            let declared = content.attributes.first { $0.name.localName == attribute.name.localName }
            let key = declared.map { content.key(of: $0) } ?? (object[attribute.name.localName] == nil ? attribute.name.localName : "@\(attribute.name.localName)")
            if case .scalar(let kind, _) = schemas.resolve(declared?.type) {
                object[key] = Self.scalar(attribute.value, kind)
            } else {
                object[key] = .string(attribute.value)
            }
        }
        if let simple = content.simpleContent { object["value"] = decode(node, type: simple, depth: depth + 1) }
        return .object(object)
    }

    /// A value with no type information: text alone as a string, otherwise an object of attributes and children
    /// (repeated names as arrays) with any text under `value`.
    static func generic(_ node: XMLTreeElement, depth: Int) -> JSONValue {
        let attributes = node.attributes.filter { !isInfrastructure($0.name) }
        if node.attribute("nil", namespace: XSDSchemaSet.instanceNamespace) == "true" { return .null }
        guard node.hasElements || !attributes.isEmpty else { return .string(node.text) }
        guard depth < 64 else { return .string(node.text) }
        var object = JSONObject()
        for attribute in attributes { object[attribute.name.localName] = .string(attribute.value) }
        for child in node.elements {
            let key = child.name.localName
            let value = generic(child, depth: depth + 1)
            if let existing = object[key] {
                object[key] = .array((existing.arrayValue ?? [existing]) + [value])
            } else {
                object[key] = value
            }
        }
        let text = node.text.trimmingXMLWhitespace()
        if !text.isEmpty { object["value"] = .string(text) }
        return .object(object)
    }

    /// Text read as a JSON scalar of `kind`; text that does not parse stays a string.
    static func scalar(_ text: String, _ kind: XSDScalarKind) -> JSONValue {
        let trimmed = text.trimmingXMLWhitespace()
        switch kind {
        case .string:
            return .string(text)
        case .integer:
            if let value = Int64(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) { return .integer(value) }
            return .string(text)
        case .number:
            if let value = Int64(trimmed) { return .integer(value) }
            if let value = Double(trimmed), value.isFinite { return .number(value) }
            return .string(text)
        case .boolean:
            switch trimmed {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return .string(text)
            }
        }
    }

    /// Namespace declarations and xsi attributes, which carry no data.
    static func isInfrastructure(_ name: XMLName) -> Bool {
        name.namespace == XSDSchemaSet.instanceNamespace || name.namespace == XMLNamespaceScope.xmlnsNamespace
    }
}

extension XMLTreeElement {
    /// The element as JSON without a schema: text alone as a string, otherwise its attributes and children by local
    /// name (repeated names as arrays), any text under `value`.
    public var genericJSON: JSONValue { XSDDecoder.generic(self, depth: 0) }
}
