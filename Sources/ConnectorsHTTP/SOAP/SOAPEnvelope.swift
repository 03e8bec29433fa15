import PlugboardCore

/// Builds request envelopes and reads response envelopes, turning faults into errors.
enum SOAPEnvelope {
    /// Bytes a SOAP response may nest, in elements.
    static let responseLimits = XMLParseLimits(maxBytes: 64 << 20, maxDepth: 100, maxAttributes: 256, maxNodes: 2_000_000)

    /// A request envelope with `headers` in `soap:Header` (omitted when empty) and `body` in `soap:Body`.
    static func request(_ version: SOAPVersion, headers: [XMLTreeElement], body: [XMLTreeElement]) -> [UInt8] {
        let namespace = version.envelopeNamespace
        var envelope = XMLTreeElement(
            XMLName(namespace, "Envelope"), prefix: "soap", namespaceDeclarations: [XMLNamespaceDeclaration(prefix: "soap", uri: namespace)])
        if !headers.isEmpty {
            envelope.children.append(.element(XMLTreeElement(XMLName(namespace, "Header"), prefix: "soap", children: headers.map { .element($0) })))
        }
        envelope.children.append(.element(XMLTreeElement(XMLName(namespace, "Body"), prefix: "soap", children: body.map { .element($0) })))
        return XMLTreeWriter.bytes(envelope)
    }

    /// A response's header and body children; throws the fault as an error, and refuses unsafe or broken XML.
    static func response(_ bytes: [UInt8], status: Int, service: String) throws(ConnectorError) -> (headers: [XMLTreeElement], body: [XMLTreeElement]) {
        let root: XMLTreeElement
        do {
            root = try XMLTreeParser.parse(bytes, limits: responseLimits)
        } catch {
            if error.isSecurityRefusal {
                throw ConnectorError(
                    .upstreamError, message: "The SOAP response from \(service) was refused: \(error.description)",
                    cause: "The response holds XML Plugboard never processes (a DTD, entity declarations, or a document past the size or depth limits).",
                    fix: "Check that the endpoint is the real service; a response with entity declarations is an XXE or entity-expansion attempt.",
                    retryable: false, details: ["reason": .string(error.kind.rawValue), "status": .integer(Int64(status))])
            }
            throw ConnectorError(
                .upstreamError, message: "The response from \(service) is not XML: \(error.description)",
                cause: "The endpoint is not a SOAP service, or it failed before answering in SOAP.",
                fix: "Check the endpoint address; the details hold the start of the response.", retryable: status >= 500,
                details: ["status": .integer(Int64(status)), "body": .string(HTTPStatusFailure.excerpt(bytes))])
        }
        let namespace = root.name.namespace
        guard root.name.localName == "Envelope", namespace == SOAPVersion.envelope11 || namespace == SOAPVersion.envelope12 else {
            throw ConnectorError(
                .upstreamError, message: "The response from \(service) is XML but not a SOAP envelope (its root is \(root.name)).",
                fix: "Check the endpoint address and SOAP version.", retryable: false, details: ["status": .integer(Int64(status))])
        }
        let body = root.element(named: "Body", namespace: namespace)?.elements ?? []
        if let fault = body.first(where: { $0.name.localName == "Fault" && $0.name.namespace == namespace }) {
            throw SOAPFault(fault, envelopeNamespace: namespace ?? "").error(service: service, status: status)
        }
        guard (200..<300).contains(status) else {
            throw ConnectorError(
                .upstreamError, message: "\(service) answered HTTP \(status) without a SOAP fault.", retryable: status >= 500,
                details: ["status": .integer(Int64(status)), "body": .string(HTTPStatusFailure.excerpt(bytes))])
        }
        let headers = root.element(named: "Header", namespace: namespace)?.elements ?? []
        return (headers, body)
    }
}
