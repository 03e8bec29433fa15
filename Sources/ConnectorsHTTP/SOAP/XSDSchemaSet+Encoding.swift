import PlugboardCore

/// Maps JSON input to XML elements by the schema: element order per the sequence, arrays repeated, scalars written
/// in their XSD lexical form. Unknown or misplaced fields are `invalid_input` naming the field.
struct XSDEncoder {
    let schemas: XSDSchemaSet

    /// The element `element` with `value` as its content; nil when the value is null and the element is not nillable.
    func encode(_ element: XSDElement, _ value: JSONValue, path: String, depth: Int = 0) throws(ConnectorError) -> XMLTreeElement? {
        if value == .null {
            guard element.nillable else { return nil }
            return XMLTreeElement(
                element.name, attributes: [XMLTreeAttribute(XMLName(XSDSchemaSet.instanceNamespace, "nil"), prefix: "xsi", value: "true")])
        }
        var node = XMLTreeElement(element.name)
        try fill(&node, type: element.type, value, path: path, depth: depth)
        return node
    }

    /// Fills `node`'s attributes and children from `value` read as `type`.
    func fill(_ node: inout XMLTreeElement, type: XSDType?, _ value: JSONValue, path: String, depth: Int) throws(ConnectorError) {
        guard depth < 64 else { throw .invalidInput("The input is nested too deeply.", field: path) }
        switch schemas.resolve(type) {
        case .scalar:
            node.children = [.text(try Self.lexical(value, path: path))]
        case .any:
            try fillGeneric(&node, value, path: path, depth: depth)
        case .complex(let complex):
            let content = schemas.content(of: complex)
            guard case .object(let object) = value else {
                if content.items.isEmpty, content.attributes.isEmpty, content.simpleContent != nil {
                    node.children = [.text(try Self.lexical(value, path: path))]
                    return
                }
                throw .invalidInput("\(path.isEmpty ? "The input" : "'\(path)'") must be an object, not \(value.typeName).", field: path.isEmpty ? nil : path)
            }
            try fill(&node, content: content, object, path: path, depth: depth)
        }
    }

    private func fill(_ node: inout XMLTreeElement, content: XSDContent, _ object: JSONObject, path: String, depth: Int) throws(ConnectorError) {
        let known = Set(content.items.map(\.key) + content.attributes.map { content.key(of: $0) } + (content.simpleContent == nil ? [] : ["value"]))
        if !content.isOpen, let unknown = object.keys.first(where: { !known.contains($0) }) {
            let expected = content.items.map(\.key) + content.attributes.map { content.key(of: $0) }
            throw .invalidInput(
                "'\(join(path, unknown))' is not part of the WSDL's type; expected one of: \(expected.joined(separator: ", ")).",
                field: join(path, unknown))
        }
        for attribute in content.attributes {
            let key = content.key(of: attribute)
            guard let value = object[key], value != .null else { continue }
            node.attributes.append(XMLTreeAttribute(attribute.name, value: try Self.lexical(value, path: join(path, key))))
        }
        if let simple = content.simpleContent, let value = object["value"], value != .null {
            var text = XMLTreeElement(node.name)
            try fill(&text, type: simple, value, path: join(path, "value"), depth: depth + 1)
            node.children += text.children
        }
        for item in content.items {
            let field = join(path, item.key)
            guard let value = object[item.key], value != .null || item.element.nillable else {
                if item.occurs.min > 0 {
                    throw .invalidInput("'\(field)' is required by the WSDL.", field: field)
                }
                continue
            }
            let values: [JSONValue]
            if case .array(let list) = value {
                guard item.occurs.repeats else { throw .invalidInput("'\(field)' takes one value, not an array.", field: field) }
                values = list
            } else {
                values = [value]
            }
            for (index, element) in values.enumerated() {
                let elementPath = values.count > 1 || item.occurs.repeats ? "\(field)[\(index)]" : field
                if let child = try encode(item.element, element, path: elementPath, depth: depth + 1) { node.children.append(.element(child)) }
            }
        }
        if content.isOpen {
            for (key, value) in object where !known.contains(key) {
                for element in value.arrayValue ?? [value] {
                    var child = XMLTreeElement(XMLName(nil, key))
                    try fillGeneric(&child, element, path: join(path, key), depth: depth + 1)
                    node.children.append(.element(child))
                }
            }
        }
    }

    /// Writes a value with no type information: objects become child elements (arrays repeat them), scalars text.
    func fillGeneric(_ node: inout XMLTreeElement, _ value: JSONValue, path: String, depth: Int) throws(ConnectorError) {
        guard depth < 64 else { throw .invalidInput("The input is nested too deeply.", field: path) }
        switch value {
        case .object(let object):
            for (key, member) in object {
                guard Self.isName(key) else { throw .invalidInput("'\(key)' is not a valid XML element name.", field: join(path, key)) }
                for element in member.arrayValue ?? [member] {
                    var child = XMLTreeElement(XMLName(node.name.namespace, key))
                    try fillGeneric(&child, element, path: join(path, key), depth: depth + 1)
                    node.children.append(.element(child))
                }
            }
        case .array:
            throw .invalidInput("'\(path)' holds an array inside an array, which has no XML form.", field: path)
        case .null:
            break
        default:
            node.children = [.text(try Self.lexical(value, path: path))]
        }
    }

    /// A scalar's XSD lexical form; objects and arrays are refused.
    static func lexical(_ value: JSONValue, path: String) throws(ConnectorError) -> String {
        switch value {
        case .string(let text):
            guard XMLTreeWriter.isRepresentable(text) else {
                throw .invalidInput("'\(path)' holds a control character that XML cannot carry.", field: path)
            }
            return text
        case .integer(let number): return String(number)
        case .number(let number):
            guard number.isFinite else { throw .invalidInput("'\(path)' must be a finite number.", field: path) }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default:
            throw .invalidInput("'\(path)' must be a single value, not \(value.typeName).", field: path)
        }
    }

    static func isName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
