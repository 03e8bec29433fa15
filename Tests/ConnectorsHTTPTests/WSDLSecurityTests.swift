@testable import ConnectorsHTTP
import Foundation
import Testing

@Suite("WSDL pieces: SHA-1, UsernameToken, import resolution")
struct WSDLSecurityTests {
    @Test("SHA-1 matches the FIPS 180 test vectors", arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"), ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func sha1(input: String, hex: String) {
        #expect(SHA1.digest(Array(input.utf8)).map { String(format: "%02x", $0) }.joined() == hex)
        let million = SHA1.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).map { String(format: "%02x", $0) }.joined()
        #expect(million == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("the UsernameToken digest is Base64(SHA-1(nonce + created + password)) and the header carries it")
    func usernameToken() throws {
        let nonce = Array("nonce-bytes-1234".utf8)
        let digest = WSSecurityUsernameToken.passwordDigest(nonce: nonce, created: "2024-01-01T00:00:00.000Z", password: "secret")
        let expected = Data(SHA1.digest(nonce + Array("2024-01-01T00:00:00.000Zsecret".utf8))).base64EncodedString()
        #expect(digest == expected && digest.count == 28)
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
