import PlugboardCore

/// One operation of the chosen port, ready to call: its action, style and the shapes of its messages.
struct SOAPOperation: Sendable {
    var name: String
    var documentation: String?
    /// The binding's soapAction; sent as the SOAPAction header (1.1) or the action parameter (1.2).
    var soapAction: String?
    /// `document` or `rpc`.
    var style: String
    var input: SOAPMessageShape
    var output: SOAPMessageShape
}

/// The parts of one message and how they sit in the SOAP body.
struct SOAPMessageShape: Sendable {
    var parts: [WSDLDefinitions.Part]
    /// The rpc wrapper element (the operation's name, or its name plus `Response`); nil for document style.
    var wrapper: XMLName?

    /// The part's element declaration, or a bare one when the schemas do not declare it.
    private func declaration(_ part: WSDLDefinitions.Part, _ schemas: XSDSchemaSet) -> XSDElement {
        if let name = part.element {
            return schemas.elements[name] ?? XSDElement(name: name, type: nil, occurs: .one, nillable: false)
        }
        return XSDElement(name: XMLName(nil, part.name), type: part.type.map { .named($0) }, occurs: .one, nillable: false)
    }

    /// Document/literal wrapped: one element part of complex type, whose content is the JSON object itself.
    private func wrappedElement(_ schemas: XSDSchemaSet) -> XSDElement? {
        guard wrapper == nil, parts.count == 1, parts[0].element != nil else { return nil }
        let element = declaration(parts[0], schemas)
        if case .complex = schemas.resolve(element.type) { return element }
        return nil
    }

    /// The message's JSON Schema, as users and agents see the operation's input or output.
    func jsonSchema(_ schemas: XSDSchemaSet) -> JSONValue {
        if let element = wrappedElement(schemas) { return schemas.jsonSchema(for: element) }
        var properties = JSONObject()
        for part in parts { properties[part.name] = schemas.jsonSchema(for: declaration(part, schemas)) }
        return Schema.object(properties, required: parts.map(\.name))
    }

    /// The body's child elements for a JSON input.
    func encode(_ input: JSONValue, _ schemas: XSDSchemaSet) throws(ConnectorError) -> [XMLTreeElement] {
        let encoder = XSDEncoder(schemas: schemas)
        if let element = wrappedElement(schemas) {
            return try encoder.encode(element, input, path: "").map { [$0] } ?? []
        }
        guard case .object(let object) = input else { throw .invalidInput("The operation's input must be an object of its parts.") }
        if let unknown = object.keys.first(where: { key in !parts.contains { $0.name == key } }) {
            throw .invalidInput(
                "'\(unknown)' is not a part of the message; expected: \(parts.map(\.name).joined(separator: ", ")).", field: unknown)
        }
        var elements: [XMLTreeElement] = []
        for part in parts {
            guard let value = object[part.name] else { throw .invalidInput("The part '\(part.name)' is required.", field: part.name) }
            if let element = try encoder.encode(declaration(part, schemas), value, path: part.name) { elements.append(element) }
        }
        guard let wrapper else { return elements }
        return [XMLTreeElement(wrapper, children: elements.map { .element($0) })]
    }

    /// The JSON output for the body's child elements.
    func decode(_ body: [XMLTreeElement], _ schemas: XSDSchemaSet) -> JSONValue {
        let decoder = XSDDecoder(schemas: schemas)
        if let element = wrappedElement(schemas) {
            guard let node = body.first(where: { $0.name.localName == element.name.localName }) ?? body.first else { return .object([:]) }
            return decoder.decode(node, type: element.type)
        }
        let holder = wrapper == nil ? body : (body.first?.elements ?? [])
        var object = JSONObject()
        for part in parts {
            let element = declaration(part, schemas)
            let matches = holder.filter { $0.name.localName == element.name.localName || $0.name.localName == part.name }
            guard let first = matches.first else { continue }
            object[part.name] = decoder.decode(first, type: element.type)
        }
        return .object(object)
    }
}
