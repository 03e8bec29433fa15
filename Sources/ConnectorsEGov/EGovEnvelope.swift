import ConnectorsHTTP
import ConnectorsSigning
import Foundation
import PlugboardCore
import SwiftASN1
import X509

/// A SmartBridge request as SOAP 1.1: `SendMessage/request` (requestInfo or messageInfo, then the data) in the channel's
/// types namespace, the Body signed with WS-Security: a BinarySecurityToken with the certificate, and a ds:Signature
/// (exclusive C14N, the key's method) over the Body by its `wsu:Id`, keyed by a SecurityTokenReference to the token.
/// The envelope is written as its exclusive canonical form, so what was signed is what is sent.
enum EGovEnvelope {
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    static let x509Token = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
    static let base64Binary = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"

    static func sendMessage(
        _ channel: EGovChannel, info: EGovRequestInfo, data: XMLTreeElement, key: SigningKey
    ) throws(ConnectorError) -> [UInt8] {
        let bodyID = "id-" + UUID().uuidString.lowercased()
        let tokenID = "X509-" + UUID().uuidString.lowercased()
        let request = XMLTreeElement(
            XMLName(nil, "request"),
            children: [.element(info.element(channel)), .element(XMLTreeElement(XMLName(nil, channel.dataElement), children: [.element(data)]))])
        var operation = XMLTreeElement(XMLName(channel.namespace, "SendMessage"), prefix: "typ", children: [.element(request)])
        operation.namespaceDeclarations = [XMLNamespaceDeclaration(prefix: "typ", uri: channel.namespace)]
        var body = XMLTreeElement(
            XMLName(soap, "Body"), prefix: "soap", attributes: [XMLTreeAttribute(XMLName(wsu, "Id"), prefix: "wsu", value: bodyID)],
            children: [.element(operation)])
        body.namespaceDeclarations = [XMLNamespaceDeclaration(prefix: "wsu", uri: wsu)]
        let bindings = ["soap": soap, "wsu": wsu]
        let method: XMLSignatureAlgorithms.Method = key.key.isRSA ? .rsaSHA256 : .ecdsaSHA256
        let signature = try XMLSigning.signature(
            over: ExclusiveCanonicalization().canonicalize(body, bindings: bindings), uri: "#" + bodyID, method: method, key: key,
            keyInfo: securityTokenReference(tokenID))
        var token = XMLTreeElement(
            XMLName(wsse, "BinarySecurityToken"), prefix: "wsse",
            attributes: [
                XMLTreeAttribute(XMLName(nil, "EncodingType"), value: base64Binary), XMLTreeAttribute(XMLName(nil, "ValueType"), value: x509Token),
                XMLTreeAttribute(XMLName(wsu, "Id"), prefix: "wsu", value: tokenID),
            ],
            children: [.text(Data(try der(key.certificate)).base64EncodedString())])
        token.namespaceDeclarations = []
        var security = XMLTreeElement(
            XMLName(wsse, "Security"), prefix: "wsse", attributes: [XMLTreeAttribute(XMLName(soap, "mustUnderstand"), prefix: "soap", value: "1")],
            children: [.element(token), .element(signature)])
        security.namespaceDeclarations = [XMLNamespaceDeclaration(prefix: "wsse", uri: wsse), XMLNamespaceDeclaration(prefix: "wsu", uri: wsu)]
        var envelope = XMLTreeElement(
            XMLName(soap, "Envelope"), prefix: "soap",
            children: [.element(XMLTreeElement(XMLName(soap, "Header"), prefix: "soap", children: [.element(security)])), .element(body)])
        envelope.namespaceDeclarations = [XMLNamespaceDeclaration(prefix: "soap", uri: soap)]
        return Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8) + ExclusiveCanonicalization().canonicalize(envelope, bindings: [:])
    }

    /// KeyInfo's content: a reference to the BinarySecurityToken, as WS-Security's X.509 token profile writes it.
    static func securityTokenReference(_ tokenID: String) -> XMLTreeElement {
        let reference = XMLTreeElement(
            XMLName(wsse, "Reference"), prefix: "wsse",
            attributes: [XMLTreeAttribute(XMLName(nil, "URI"), value: "#" + tokenID), XMLTreeAttribute(XMLName(nil, "ValueType"), value: x509Token)])
        var element = XMLTreeElement(XMLName(wsse, "SecurityTokenReference"), prefix: "wsse", children: [.element(reference)])
        element.namespaceDeclarations = [XMLNamespaceDeclaration(prefix: "wsse", uri: wsse)]
        return element
    }

    static func der(_ certificate: Certificate) throws(ConnectorError) -> [UInt8] {
        var serializer = DER.Serializer()
        do {
            try serializer.serialize(certificate)
        } catch {
            throw ConnectorError(.internalError, message: "The certificate could not be encoded.")
        }
        return serializer.serializedBytes
    }
}
