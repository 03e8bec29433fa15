import Foundation
import PlugboardCore

/// Fetches a WSDL and every document it imports or includes (`wsdl:import`, `xsd:import`, `xsd:include`) through the
/// guarded HTTP client, parsing each with the safe XML parser; bounded in documents, depth and size.
struct WSDLLoader: Sendable {
    /// Documents fetched at most for one WSDL.
    static let maxDocuments = 32
    /// Import levels followed at most.
    static let maxDepth = 8
    /// Bytes one document may have.
    static let maxDocumentBytes = 8 << 20

    let transport: any HTTPTransport
    let deadline: ContinuousClock.Instant

    /// The merged definitions of the WSDL at `url` and everything it imports.
    func load(_ url: String) async throws -> WSDLDefinitions {
        var definitions = WSDLDefinitions()
        var queue: [(url: String, kind: WSDLReader.Reference.Kind, depth: Int)] = [(url, .wsdl, 0)]
        var seen: Set<String> = [url]
        var fetched = 0
        while !queue.isEmpty {
            let next = queue.removeFirst()
            fetched += 1
            guard fetched <= Self.maxDocuments else {
                throw ConnectorError.invalidConfiguration(
                    "The WSDL imports more than \(Self.maxDocuments) documents; Plugboard stops there.", field: "wsdlUrl")
            }
            let root = try await fetch(next.url)
            var references: [WSDLReader.Reference] = []
            switch (root.name.namespace, root.name.localName) {
            case (WSDLDefinitions.namespace, "definitions"):
                references = WSDLReader.read(root, into: &definitions)
            case (XSDSchemaSet.namespace, "schema"):
                var includeNamespace: String?
                if case .schema(let namespace) = next.kind { includeNamespace = namespace }
                references = XSDReader.read(root, chameleonNamespace: includeNamespace, into: &definitions.schemas).map(WSDLReader.schemaReference)
            case ("http://www.w3.org/ns/wsdl", _):
                throw ConnectorError.invalidConfiguration(
                    "The document at \(next.url) is WSDL 2.0; the SOAP connector reads WSDL 1.1.", field: "wsdlUrl")
            default:
                throw ConnectorError.invalidConfiguration(
                    "The document at \(next.url) is neither a WSDL 1.1 definitions nor an XML schema (its root is \(root.name)).",
                    field: "wsdlUrl")
            }
            for reference in references {
                let target = try Self.resolve(reference.location, against: next.url)
                guard !seen.contains(target) else { continue }
                guard next.depth + 1 <= Self.maxDepth else {
                    throw ConnectorError.invalidConfiguration(
                        "The WSDL's imports nest deeper than \(Self.maxDepth) levels; Plugboard stops there.", field: "wsdlUrl")
                }
                seen.insert(target)
                queue.append((target, reference.kind, next.depth + 1))
            }
        }
        guard !definitions.services.isEmpty else {
            throw ConnectorError.invalidConfiguration("The WSDL at \(url) declares no wsdl:service, so there is nothing to call.", field: "wsdlUrl")
        }
        return definitions
    }

    /// An import location made absolute against the importing document; only http and https are followed.
    static func resolve(_ location: String, against base: String) throws(ConnectorError) -> String {
        let trimmed = location.trimmingXMLWhitespace()
        guard let url = URL(string: trimmed, relativeTo: URL(string: base)), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw ConnectorError.invalidConfiguration(
                "The WSDL refers to '\(trimmed)', which is not an http or https location; other schemes (file:, ftp:) are never read.",
                field: "wsdlUrl")
        }
        var absolute = url.absoluteString
        if let hash = absolute.firstIndex(of: "#") { absolute = String(absolute[..<hash]) }
        return absolute
    }

    private func fetch(_ url: String) async throws -> XMLTreeElement {
        let request = HTTPRequestMessage(
            method: "GET", url: url, headers: [("Accept", "text/xml, application/xml, application/wsdl+xml, */*"), ("User-Agent", HeaderList.defaultUserAgent)])
        let response: HTTPResponseMessage
        do {
            response = try await transport.send(request, deadline: deadline)
        } catch var error as ConnectorError {
            error.message = "Fetching the WSDL document \(url) failed: \(error.message)"
            throw error
        }
        guard (200..<300).contains(response.status) else {
            throw ConnectorError(
                .invalidConfiguration, message: "Fetching the WSDL document \(url) answered HTTP \(response.status).",
                fix: "Check the WSDL URL; open it in a browser to see what the server returns.", field: "wsdlUrl",
                details: ["status": .integer(Int64(response.status))])
        }
        do {
            return try XMLTreeParser.parse(response.body, limits: XMLParseLimits(maxBytes: Self.maxDocumentBytes))
        } catch {
            throw ConnectorError(
                .invalidConfiguration, message: "The WSDL document \(url) cannot be used: \(error.description)",
                cause: error.isSecurityRefusal ? "The document holds XML that Plugboard refuses for safety." : "The document is not well-formed XML.",
                fix: "Point the connector at a valid WSDL 1.1 document.", field: "wsdlUrl",
                details: ["reason": .string(error.kind.rawValue)])
        }
    }
}
