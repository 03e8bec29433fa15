import PlugboardCore

extension SOAPDriver {
    static let operationsAction = ConnectorAction<SOAPSession>(
        ActionDescriptor(
            name: "operations", title: "List operations",
            description: "Lists the service's operations from the WSDL, each with its SOAP action, style, and input and output as JSON Schema.",
            inputSchema: Schema.object([:]),
            outputSchema: Schema.object(
                [
                    "service": Schema.string(title: "Service"), "port": Schema.string(title: "Port"),
                    "soapVersion": Schema.string(title: "SOAP version", enum: ["1.1", "1.2"]), "endpoint": Schema.string(title: "Endpoint"),
                    "operations": Schema.array(Schema.any(), title: "Operations"),
                ], required: ["service", "port", "soapVersion", "operations"]),
            annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true)),
        run: { session, _, _ in .object(describe(session)) })

    static let callAction = ConnectorAction<SOAPSession>(
        ActionDescriptor(
            name: "call", title: "Call an operation",
            description: """
                Calls one operation with a JSON input shaped as the `operations` action shows, and returns its output as JSON. \
                Element order, repeated elements (arrays) and namespaces follow the WSDL's schema. A SOAP fault is an error \
                whose details carry faultcode, faultstring and detail; a WS-Security refusal is authentication_failed.
                """,
            inputSchema: Schema.object(
                [
                    "operation": Schema.string(title: "Operation", description: "The operation's name, as `operations` lists it.", minLength: 1),
                    "input": Schema.map(of: Schema.any(), title: "Input", description: "The operation's input as JSON."),
                    "soapHeaders": Schema.array(
                        Schema.object(
                            [
                                "namespace": Schema.string(title: "Namespace URI"),
                                "name": Schema.string(title: "Element name", minLength: 1),
                                "value": Schema.any(title: "Value", description: "Text, or an object of child elements."),
                            ], required: ["name"]),
                        title: "SOAP headers", description: "Extra elements for soap:Header, besides the WS-Security one.", maxItems: 32),
                ], required: ["operation"]),
            outputSchema: Schema.object(
                [
                    "operation": Schema.string(title: "Operation"), "output": Schema.any(title: "Output"),
                    "soapHeaders": Schema.map(of: Schema.any(), title: "Response SOAP headers"),
                ], required: ["operation", "output"]),
            annotations: ActionAnnotations()),
        run: { session, input, context in
            let name = input["operation"]?.stringValue ?? ""
            let operation = try session.service.operation(name)
            let headers = try soapHeaders(input["soapHeaders"]?.arrayValue ?? [])
            let result = try await session.call(operation, input: input["input"] ?? .object([:]), soapHeaders: headers, context: context)
            return ["operation": .string(name), "output": result.output, "soapHeaders": result.headers]
        })

    /// Header elements from `{namespace, name, value}` objects.
    static func soapHeaders(_ items: [JSONValue]) throws(ConnectorError) -> [XMLTreeElement] {
        var elements: [XMLTreeElement] = []
        for (index, item) in items.enumerated() {
            let name = item["name"]?.stringValue ?? ""
            guard XSDEncoder.isName(name) else {
                throw .invalidInput("'\(name)' is not a valid XML element name.", field: "soapHeaders[\(index)].name")
            }
            var element = XMLTreeElement(XMLName(item["namespace"]?.stringValue, name))
            try XSDEncoder(schemas: XSDSchemaSet()).fillGeneric(&element, item["value"] ?? .null, path: "soapHeaders[\(index)].value", depth: 0)
            elements.append(element)
        }
        return elements
    }
}
