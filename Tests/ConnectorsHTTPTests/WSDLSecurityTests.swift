@testable import ConnectorsHTTP
import Foundation
import Testing

@Suite("WSDL pieces: UsernameToken, import resolution")
struct WSDLSecurityTests {
    @Test("the UsernameToken digest is Base64(SHA-1(nonce + created + password)) and the header carries it")
    func usernameToken() throws {
        let nonce = Array("nonce-bytes-1234".utf8)
        let digest = WSSecurityUsernameToken.passwordDigest(nonce: nonce, created: "2024-01-01T00:00:00.000Z", password: "secret")
        // Base64(SHA-1(nonce + created + password)), computed independently with Python's hashlib.
        #expect(digest == "ulagGNr3Mx2zbAQ5/GLHIEuDmrE=")
        let token = WSSecurityUsernameToken(username: "bob", password: "secret", digest: true)
        let header = token.header(envelopeNamespace: SOAPVersion.envelope11, mustUnderstand: "1")
        let parsed = try XMLTreeParser.parse(XMLTreeWriter.string(header))
        let usernameToken = try #require(parsed.element(named: "UsernameToken", namespace: WSSecurityUsernameToken.securityNamespace))
        let created = try #require(usernameToken.element(named: "Created", namespace: WSSecurityUsernameToken.utilityNamespace)?.text)
        let sentNonce = try #require(usernameToken.element(named: "Nonce")?.text).data(using: .utf8).flatMap { Data(base64Encoded: $0) }
        let password = try #require(usernameToken.element(named: "Password"))
        #expect(password.attribute("Type") == WSSecurityUsernameToken.passwordDigest)
        #expect(password.text == WSSecurityUsernameToken.passwordDigest(nonce: Array(sentNonce ?? Data()), created: created, password: "secret"))
        #expect(parsed.attribute("mustUnderstand", namespace: SOAPVersion.envelope11) == "1")
        #expect(!XMLTreeWriter.string(header).contains(">secret<"))
    }

    @Test("import locations resolve against the importing document; only http and https are followed")
    func resolvesLocations() throws {
        #expect(try WSDLLoader.resolve("schemas/a.xsd", against: "http://h/wsdl/s.wsdl") == "http://h/wsdl/schemas/a.xsd")
        #expect(try WSDLLoader.resolve("../b.xsd", against: "http://h/wsdl/schemas/a.xsd") == "http://h/wsdl/b.xsd")
        #expect(try WSDLLoader.resolve("https://other/c.wsdl#x", against: "http://h/s.wsdl") == "https://other/c.wsdl")
        #expect(throws: (any Error).self) { try WSDLLoader.resolve("file:///etc/passwd", against: "http://h/s.wsdl") }
    }
}
