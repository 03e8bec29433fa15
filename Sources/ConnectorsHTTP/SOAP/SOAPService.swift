import PlugboardCore

/// The service and port a connector calls: its binding's SOAP version, endpoint address and operations.
struct SOAPService: Sendable {
    var serviceName: String
    var portName: String
    var version: SOAPVersion
    var endpoint: String?
    var operations: [SOAPOperation]
    var schemas: XSDSchemaSet
    var targetNamespace: String?

    /// Picks the named service and port (or the first service, and its first SOAP port, preferring `preferredVersion`).
    static func select(
        from definitions: WSDLDefinitions, service: String?, port: String?, preferredVersion: SOAPVersion?
    ) throws(ConnectorError) -> SOAPService {
        let services = definitions.services
        guard let chosen = service.map({ name in services.first { $0.name.localName == name } }) ?? services.first else {
            throw ConnectorError.invalidConfiguration(
                "The WSDL has no service named '\(service ?? "")'; it has: \(services.map(\.name.localName).joined(separator: ", ")).",
                field: "service")
        }
        let soapPorts = chosen.ports.filter { definitions.bindings[$0.binding] != nil }
        let selected: WSDLDefinitions.Port?
        if let port {
            selected = chosen.ports.first { $0.name == port }
            guard let selected, definitions.bindings[selected.binding] != nil else {
                throw ConnectorError.invalidConfiguration(
                    "The service '\(chosen.name.localName)' has no SOAP port named '\(port)'; it has: \(soapPorts.map(\.name).joined(separator: ", ")).",
                    field: "port")
            }
        } else {
            selected = soapPorts.first { definitions.bindings[$0.binding]?.version == preferredVersion } ?? soapPorts.first
        }
        guard let selected, let binding = definitions.bindings[selected.binding] else {
            throw ConnectorError.invalidConfiguration(
                "The service '\(chosen.name.localName)' has no port with a SOAP 1.1 or 1.2 binding.", field: "service")
        }
        guard let portType = definitions.portTypes[binding.portType] else {
            throw ConnectorError.invalidConfiguration(
                "The binding of port '\(selected.name)' refers to the port type '\(binding.portType)', which the WSDL does not declare.",
                field: "wsdlUrl")
        }
        var operations: [SOAPOperation] = []
        for operation in portType.operations {
            let bound = binding.operations[operation.name]
            let style = bound?.style ?? binding.style ?? "document"
            let input = try shape(
                operation.input, use: bound?.input, style: style, wrapper: operation.name, definitions, operation: operation.name)
            let output = try shape(
                operation.output, use: bound?.output, style: style, wrapper: operation.name + "Response", definitions, operation: operation.name)
            operations.append(
                SOAPOperation(
                    name: operation.name, documentation: operation.documentation, soapAction: bound?.soapAction, style: style, input: input,
                    output: output))
        }
        return SOAPService(
            serviceName: chosen.name.localName, portName: selected.name, version: binding.version, endpoint: selected.address,
            operations: operations, schemas: definitions.schemas, targetNamespace: definitions.targetNamespace)
    }

    private static func shape(
        _ message: XMLName?, use: WSDLDefinitions.BodyUse?, style: String, wrapper: String, _ definitions: WSDLDefinitions, operation: String
    ) throws(ConnectorError) -> SOAPMessageShape {
        guard let message else { return SOAPMessageShape(parts: [], wrapper: nil) }
        guard var parts = definitions.messages[message]?.parts else {
            throw ConnectorError.invalidConfiguration(
                "The operation '\(operation)' refers to the message '\(message)', which the WSDL does not declare.", field: "wsdlUrl")
        }
        if let names = use?.parts { parts = parts.filter { names.contains($0.name) } }
        let wrapperName = style == "rpc" ? XMLName(use?.namespace ?? definitions.targetNamespace, wrapper) : nil
        return SOAPMessageShape(parts: parts, wrapper: wrapperName)
    }

    /// The operation named `name`, or `not_found` listing the operations there are.
    func operation(_ name: String) throws(ConnectorError) -> SOAPOperation {
        guard let operation = operations.first(where: { $0.name == name }) else {
            throw ConnectorError(
                .notFound, message: "The service has no operation '\(name)'.",
                fix: "Use one of: \(operations.map(\.name).joined(separator: ", ")).", field: "operation")
        }
        return operation
    }
}
