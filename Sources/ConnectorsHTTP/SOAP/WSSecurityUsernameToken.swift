import Crypto
import Foundation
import PlugboardCore

/// A WS-Security UsernameToken header (OASIS Username Token Profile 1.0): the password as text, or as
/// Base64(SHA-1(nonce + created + password)) with a fresh nonce and creation time.
public struct WSSecurityUsernameToken: Sendable {
    /// The WS-Security extension namespace.
    public static let securityNamespace = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    /// The WS-Security utility namespace (`wsu:Created`, `wsu:Id`).
    public static let utilityNamespace = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    /// The `Type` of a plain-text password.
    public static let passwordText = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
    /// The `Type` of a digested password.
    public static let passwordDigest = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
    /// The `EncodingType` of a base64 nonce.
    public static let base64Encoding = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"

    /// The user name sent in clear.
    public var username: String
    /// The password; never logged.
    public var password: String
    /// Send the digest instead of the password.
    public var digest: Bool

    public init(username: String, password: String, digest: Bool) {
        self.username = username
        self.password = password
        self.digest = digest
    }

    /// The digest the profile defines: Base64(SHA-1(nonce + created + password)).
    public static func passwordDigest(nonce: [UInt8], created: String, password: String) -> String {
        Data(Insecure.SHA1.hash(data: nonce + Array(created.utf8) + Array(password.utf8))).base64EncodedString()
    }

    /// The `wsse:Security` header element; `mustUnderstand` takes the envelope's namespace and value.
    public func header(envelopeNamespace: String, mustUnderstand: String, now: Date = Date()) -> XMLTreeElement {
        let wsse = Self.securityNamespace
        let wsu = Self.utilityNamespace
        var nonce = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in nonce.indices { nonce[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let created = ISO8601.string(from: now)
        var token = XMLTreeElement(
            XMLName(wsse, "UsernameToken"), prefix: "wsse",
            attributes: [XMLTreeAttribute(XMLName(wsu, "Id"), prefix: "wsu", value: "UsernameToken-\(UUID().uuidString)")])
        token.children.append(.element(XMLTreeElement(XMLName(wsse, "Username"), prefix: "wsse", text: username)))
        var passwordElement = XMLTreeElement(
            XMLName(wsse, "Password"), prefix: "wsse",
            text: digest ? Self.passwordDigest(nonce: nonce, created: created, password: password) : password)
        passwordElement.attributes = [XMLTreeAttribute(XMLName(nil, "Type"), value: digest ? Self.passwordDigest : Self.passwordText)]
        token.children.append(.element(passwordElement))
        var nonceElement = XMLTreeElement(XMLName(wsse, "Nonce"), prefix: "wsse", text: Data(nonce).base64EncodedString())
        nonceElement.attributes = [XMLTreeAttribute(XMLName(nil, "EncodingType"), value: Self.base64Encoding)]
        token.children.append(.element(nonceElement))
        token.children.append(.element(XMLTreeElement(XMLName(wsu, "Created"), prefix: "wsu", text: created)))
        return XMLTreeElement(
            XMLName(wsse, "Security"), prefix: "wsse",
            attributes: [XMLTreeAttribute(XMLName(envelopeNamespace, "mustUnderstand"), value: mustUnderstand)],
            namespaceDeclarations: [XMLNamespaceDeclaration(prefix: "wsse", uri: wsse), XMLNamespaceDeclaration(prefix: "wsu", uri: wsu)],
            children: [.element(token)])
    }
}
