import ConnectorsHTTP
import Foundation
import HTTPTypes
import Hummingbird
import PlugboardTestSupport
import Synchronization

/// A SOAP shop service on loopback: it parses each request envelope with the XML parser, checks the SOAP version,
/// the action, the WS-Security UsernameToken (alice / wonderland, text or digest) and the elements' namespaces and
/// order, and computes its answers from the input.
final class ShopService: Sendable {
    static let username = "alice"
    static let password = "wonderland"
    static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"

    let orders = Mutex<[String: XMLTreeElement]>([:])

    /// A SOAP fault the handler raises.
    struct Fault: Error {
        var sender: Bool
        var code: String?
        var reason: String
        var detail: XMLTreeElement?
    }

    func routes(_ router: Router<BasicRequestContext>, _ recorder: UpstreamRecorder) {
        func document(_ text: @escaping @Sendable (Request) -> String) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
            { request, _ in
                Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text(request))))
            }
        }
        @Sendable func base(_ request: Request) -> String { "http://\(request.head.authority ?? "127.0.0.1")" }
        router.get("/wsdl/service.wsdl", use: document { ShopDocuments.service(base: base($0)) })
        router.get("/wsdl/abstract.wsdl", use: document { _ in ShopDocuments.abstract })
        router.get("/wsdl/schemas/shop.xsd", use: document { _ in ShopDocuments.shopSchema })
        router.get("/wsdl/schemas/common.xsd", use: document { _ in ShopDocuments.commonSchema })
        router.get("/wsdl/broken.wsdl", use: document { _ in ShopDocuments.broken })
        router.get("/wsdl/entities.wsdl", use: document { _ in ShopDocuments.billionLaughs })
        router.get("/wsdl/denied.wsdl", use: document { request in
            let port = request.head.authority?.split(separator: ":").last.map(String.init) ?? "80"
            return ShopDocuments.service(base: base(request), importBase: "http://127.0.0.2:\(port)/wsdl/")
        })
        router.post("/evil/xxe", use: document { _ in ShopDocuments.xxeResponse })
        router.post("/evil/laughs", use: document { _ in ShopDocuments.billionLaughs })
        router.post("/soap11") { request, _ in try await self.answer(request, version12: false) }
        router.post("/soap12") { request, _ in try await self.answer(request, version12: true) }
    }

    private func answer(_ request: Request, version12: Bool) async throws -> Response {
        let namespace = version12 ? "http://www.w3.org/2003/05/soap-envelope" : "http://schemas.xmlsoap.org/soap/envelope/"
        let contentType = request.headers[.contentType] ?? ""
        do {
            let bytes = try await request.body.collect(upTo: 1 << 20)
            guard contentType.hasPrefix(version12 ? "application/soap+xml" : "text/xml") else {
                throw Fault(sender: true, reason: "Wrong content type \(contentType)")
            }
            let envelope: XMLTreeElement
            do {
                envelope = try XMLTreeParser.parse(Array(bytes.readableBytesView))
            } catch {
                throw Fault(sender: true, reason: "Malformed envelope: \(error)")
            }
            guard envelope.name == XMLName(namespace, "Envelope") else {
                throw Fault(sender: false, code: version12 ? "soap:VersionMismatch" : "soap:VersionMismatch", reason: "Wrong envelope namespace")
            }
            try authenticate(envelope.element(named: "Header", namespace: namespace))
            guard let operation = envelope.element(named: "Body", namespace: namespace)?.elements.first else {
                throw Fault(sender: true, reason: "Empty body")
            }
            let action = version12 ? Self.parameter("action", in: contentType) : request.headers[HTTPField.Name("SOAPAction")!]?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard action == "\(ShopDocuments.shop):\(operation.name.localName)" else {
                throw Fault(sender: true, reason: "The action '\(action ?? "")' does not match \(operation.name.localName)")
            }
            let result = try perform(operation)
            return respond(namespace, version12: version12, status: .ok, body: result, declarations: [])
        } catch let fault as Fault {
            return respond(namespace, version12: version12, status: fault.sender && version12 ? .badRequest : .internalServerError,
                           body: faultElement(fault, namespace: namespace, version12: version12),
                           declarations: [XMLNamespaceDeclaration(prefix: "wsse", uri: Self.wsse)])
        }
    }

    private func authenticate(_ header: XMLTreeElement?) throws {
        guard let token = header?.element(named: "Security", namespace: Self.wsse)?.element(named: "UsernameToken", namespace: Self.wsse),
            let passwordElement = token.element(named: "Password", namespace: Self.wsse)
        else {
            throw Fault(sender: true, code: "wsse:InvalidSecurity", reason: "A WS-Security UsernameToken is required")
        }
        let username = token.element(named: "Username", namespace: Self.wsse)?.text
        let password = passwordElement.text
        let valid: Bool
        if passwordElement.attribute("Type")?.hasSuffix("#PasswordDigest") == true {
            guard let nonceText = token.element(named: "Nonce", namespace: Self.wsse)?.text, let nonce = Data(base64Encoded: nonceText),
                let created = token.element(named: "Created", namespace: Self.wsu)?.text
            else { throw Fault(sender: true, code: "wsse:InvalidSecurity", reason: "A digest needs a Nonce and Created") }
            valid = password == WSSecurityUsernameToken.passwordDigest(nonce: Array(nonce), created: created, password: Self.password)
        } else {
            valid = password == Self.password
        }
        guard username == Self.username, valid else {
            throw Fault(sender: true, code: "wsse:FailedAuthentication", reason: "The security token could not be authenticated")
        }
    }

    static func parameter(_ name: String, in contentType: String) -> String? {
        for piece in contentType.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    private func respond(
        _ namespace: String, version12: Bool, status: HTTPResponse.Status, body: XMLTreeElement, declarations: [XMLNamespaceDeclaration]
    ) -> Response {
        let envelope = XMLTreeElement(
            XMLName(namespace, "Envelope"), prefix: "soap",
            namespaceDeclarations: [XMLNamespaceDeclaration(prefix: "soap", uri: namespace)] + declarations,
            children: [.element(XMLTreeElement(XMLName(namespace, "Body"), prefix: "soap", children: [.element(body)]))])
        let type = version12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8"
        return Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: XMLTreeWriter.bytes(envelope))))
    }

    private func faultElement(_ fault: Fault, namespace: String, version12: Bool) -> XMLTreeElement {
        var children: [XMLTreeNode] = []
        if version12 {
            var code = XMLTreeElement(XMLName(namespace, "Code"), prefix: "soap", children: [
                .element(XMLTreeElement(XMLName(namespace, "Value"), prefix: "soap", text: fault.sender ? "soap:Sender" : "soap:Receiver"))])
            if let subcode = fault.code {
                code.children.append(.element(XMLTreeElement(XMLName(namespace, "Subcode"), prefix: "soap", children: [
                    .element(XMLTreeElement(XMLName(namespace, "Value"), prefix: "soap", text: subcode))])))
            }
            children.append(.element(code))
            var text = XMLTreeElement(XMLName(namespace, "Text"), prefix: "soap", text: fault.reason)
            text.attributes = [XMLTreeAttribute(XMLName(XMLNamespaceScope.xmlNamespace, "lang"), prefix: "xml", value: "en")]
            children.append(.element(XMLTreeElement(XMLName(namespace, "Reason"), prefix: "soap", children: [.element(text)])))
            if let detail = fault.detail {
                children.append(.element(XMLTreeElement(XMLName(namespace, "Detail"), prefix: "soap", children: [.element(detail)])))
            }
        } else {
            children.append(.element(XMLTreeElement(XMLName(nil, "faultcode"), text: fault.code ?? (fault.sender ? "soap:Client" : "soap:Server"))))
            children.append(.element(XMLTreeElement(XMLName(nil, "faultstring"), text: fault.reason)))
            if let detail = fault.detail { children.append(.element(XMLTreeElement(XMLName(nil, "detail"), children: [.element(detail)]))) }
        }
        return XMLTreeElement(XMLName(namespace, "Fault"), prefix: "soap", children: children)
    }
}
