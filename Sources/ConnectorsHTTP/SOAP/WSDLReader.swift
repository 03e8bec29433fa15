/// Reads one `wsdl:definitions` element into `WSDLDefinitions`, returning what it imports.
enum WSDLReader {
    /// A document a WSDL or schema refers to, to be fetched next.
    struct Reference: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            case wsdl
            case schema(includeNamespace: String?)
        }
        var location: String
        var kind: Kind
    }

    static func read(_ root: XMLTreeElement, into definitions: inout WSDLDefinitions) -> [Reference] {
        let wsdl = WSDLDefinitions.namespace
        let target = root.attribute("targetNamespace")
        if definitions.targetNamespace == nil { definitions.targetNamespace = target }
        var references: [Reference] = []
        for child in root.elements {
            guard child.name.namespace == wsdl else { continue }
            let name = child.attribute("name").map { XMLName(target, $0) }
            switch child.name.localName {
            case "import":
                if let location = child.attribute("location") {
                    references.append(Reference(location: location, kind: location.lowercased().hasSuffix(".xsd") ? .schema(includeNamespace: nil) : .wsdl))
                }
            case "types":
                for schema in child.elements(named: "schema", namespace: XSDSchemaSet.namespace) {
                    references += XSDReader.read(schema, into: &definitions.schemas).map(schemaReference)
                }
            case "message":
                guard let name else { continue }
                let parts = child.elements(named: "part", namespace: wsdl).map {
                    WSDLDefinitions.Part(name: $0.attribute("name") ?? "", element: $0.qualifiedAttribute("element"), type: $0.qualifiedAttribute("type"))
                }
                definitions.messages[name] = WSDLDefinitions.Message(parts: parts)
            case "portType":
                guard let name else { continue }
                let operations = child.elements(named: "operation", namespace: wsdl).map { operation in
                    WSDLDefinitions.Operation(
                        name: operation.attribute("name") ?? "", input: operation.element(named: "input", namespace: wsdl)?.qualifiedAttribute("message"),
                        output: operation.element(named: "output", namespace: wsdl)?.qualifiedAttribute("message"),
                        documentation: documentation(operation))
                }
                definitions.portTypes[name] = WSDLDefinitions.PortType(operations: operations)
            case "binding":
                guard let name, let binding = binding(child) else { continue }
                definitions.bindings[name] = binding
            case "service":
                guard let name else { continue }
                let ports = child.elements(named: "port", namespace: wsdl).compactMap { port -> WSDLDefinitions.Port? in
                    guard let portName = port.attribute("name"), let binding = port.qualifiedAttribute("binding") else { return nil }
                    let address = port.elements.first { $0.name.localName == "address" }?.attribute("location")
                    return WSDLDefinitions.Port(name: portName, binding: binding, address: address)
                }
                definitions.services.append(WSDLDefinitions.Service(name: name, ports: ports, documentation: documentation(child)))
            default:
                break
            }
        }
        return references
    }

    static func schemaReference(_ reference: XSDReader.Reference) -> Reference {
        Reference(location: reference.location, kind: .schema(includeNamespace: reference.isInclude ? reference.includeNamespace : nil))
    }

    private static func documentation(_ node: XMLTreeElement) -> String? {
        let text = node.element(named: "documentation", namespace: WSDLDefinitions.namespace)?.text.trimmingXMLWhitespace()
        return (text?.isEmpty ?? true) ? nil : text
    }

    /// A SOAP 1.1 or 1.2 binding; nil for other bindings (HTTP GET/POST, MIME).
    private static func binding(_ node: XMLTreeElement) -> WSDLDefinitions.Binding? {
        guard let portType = node.qualifiedAttribute("type") else { return nil }
        let soap = node.elements.first { $0.name.localName == "binding" && isSOAPBindingNamespace($0.name.namespace) }
        guard let soap else { return nil }
        let version: SOAPVersion = soap.name.namespace == WSDLDefinitions.soap12BindingNamespace ? .v12 : .v11
        var operations: [String: WSDLDefinitions.BindingOperation] = [:]
        for operation in node.elements(named: "operation", namespace: WSDLDefinitions.namespace) {
            guard let name = operation.attribute("name") else { continue }
            var entry = WSDLDefinitions.BindingOperation(name: name)
            if let soapOperation = operation.elements.first(where: { $0.name.localName == "operation" && isSOAPBindingNamespace($0.name.namespace) }) {
                entry.soapAction = soapOperation.attribute("soapAction")
                entry.style = soapOperation.attribute("style")
            }
            entry.input = bodyUse(operation.element(named: "input", namespace: WSDLDefinitions.namespace))
            entry.output = bodyUse(operation.element(named: "output", namespace: WSDLDefinitions.namespace))
            operations[name] = entry
        }
        return WSDLDefinitions.Binding(portType: portType, version: version, style: soap.attribute("style"), operations: operations)
    }

    private static func bodyUse(_ node: XMLTreeElement?) -> WSDLDefinitions.BodyUse {
        guard let body = node?.elements.first(where: { $0.name.localName == "body" && isSOAPBindingNamespace($0.name.namespace) }) else {
            return WSDLDefinitions.BodyUse()
        }
        let parts = body.attribute("parts").map { $0.split(separator: " ").map(String.init) }
        return WSDLDefinitions.BodyUse(parts: parts, namespace: body.attribute("namespace"), use: body.attribute("use"))
    }

    private static func isSOAPBindingNamespace(_ namespace: String?) -> Bool {
        namespace == WSDLDefinitions.soap11BindingNamespace || namespace == WSDLDefinitions.soap12BindingNamespace
    }
}
