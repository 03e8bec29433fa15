import PlugboardCore

extension SOAPDriver {
    static let operationsAction = ConnectorAction<SOAPSession>(
        name: "operations", title: "List operations",
        description: "Lists the service's operations from the WSDL, each with its SOAP action, style, and input and output as JSON Schema.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: NoInput.self,
        outputSchema: Schema.object(
            [
                "service": Schema.string(title: "Service"), "port": Schema.string(title: "Port"),
                "soapVersion": Schema.string(title: "SOAP version", enum: ["1.1", "1.2"]), "endpoint": Schema.string(title: "Endpoint"),
                "operations": Schema.array(Schema.any(), title: "Operations"),
            ], required: ["service", "port", "soapVersion", "operations"])
    ) { session, _, _ in .object(describe(session)) }

    static let callAction = ConnectorAction<SOAPSession>(
        name: "call", title: "Call an operation",
        description: """
            Calls one operation with a JSON input shaped as the `operations` action shows, and returns its output as JSON. \
            Element order, repeated elements (arrays) and namespaces follow the WSDL's schema. A SOAP fault is an error \
            whose details carry faultcode, faultstring and detail; a WS-Security refusal is authentication_failed.
            """,
        annotations: ActionAnnotations(), input: SOAPCallInput.self,
        outputSchema: Schema.object(
                [
                    "operation": Schema.string(title: "Operation"), "output": Schema.any(title: "Output"),
                    "soapHeaders": Schema.map(of: Schema.any(), title: "Response SOAP headers"),
                ], required: ["operation", "output"])
    ) { session, input, context in
        let operation = try session.service.operation(input.operation)
        let headers = try soapHeaders(input.soapHeaders)
        let result = try await session.call(operation, input: .object(input.input.object), soapHeaders: headers, context: context)
        return ["operation": .string(input.operation), "output": result.output, "soapHeaders": result.headers]
    }

    /// Header elements from the input's `{namespace, name, value}` (names already checked).
    static func soapHeaders(_ items: [SOAPHeaderInput]) throws(ConnectorError) -> [XMLTreeElement] {
        var elements: [XMLTreeElement] = []
        for (index, item) in items.enumerated() {
            var element = XMLTreeElement(XMLName(item.namespace, item.name))
            try XSDEncoder(schemas: XSDSchemaSet()).fillGeneric(&element, item.value ?? .null, path: "soapHeaders[\(index)].value", depth: 0)
            elements.append(element)
        }
        return elements
    }
}
