import ConnectorsHTTP
import Foundation
import X509
import SwiftASN1

/// The `ds:` elements of a signature, built as trees so that the bytes signed are their exclusive C14N.
enum XMLSignatureElements {
    static func ds(_ local: String, attributes: [XMLTreeAttribute] = [], children: [XMLTreeNode] = []) -> XMLTreeElement {
        XMLTreeElement(XMLName(XMLSignatureAlgorithms.dsig, local), prefix: "ds", attributes: attributes, children: children)
    }

    static func algorithm(_ local: String, _ uri: String) -> XMLTreeNode {
        .element(ds(local, attributes: [XMLTreeAttribute(XMLName(nil, "Algorithm"), value: uri)]))
    }

    static func signedInfo(method: XMLSignatureAlgorithms.Method, uri: String, transforms: [String], digest: [UInt8]) -> XMLTreeElement {
        let reference = ds(
            "Reference", attributes: [XMLTreeAttribute(XMLName(nil, "URI"), value: uri)],
            children: [
                .element(ds("Transforms", children: transforms.map { algorithm("Transform", $0) })),
                algorithm("DigestMethod", XMLSignatureAlgorithms.digestURI(method.digest)),
                .element(ds("DigestValue", children: [.text(Data(digest).base64EncodedString())])),
            ])
        var info = ds(
            "SignedInfo",
            children: [algorithm("CanonicalizationMethod", XMLSignatureAlgorithms.exclusiveC14N), algorithm("SignatureMethod", method.rawValue), .element(reference)])
        info.namespaceDeclarations = []
        return info
    }

    /// `ds:X509Data` with each certificate.
    static func x509Data(_ certificates: [Certificate]) -> XMLTreeElement {
        let encoded = certificates.compactMap { certificate -> XMLTreeNode? in
            var serializer = DER.Serializer()
            guard (try? serializer.serialize(certificate)) != nil else { return nil }
            return .element(ds("X509Certificate", children: [.text(Data(serializer.serializedBytes).base64EncodedString())]))
        }
        return ds("X509Data", children: encoded)
    }

    static func signature(signedInfo: XMLTreeElement, value: [UInt8], keyInfo: XMLTreeElement) -> XMLTreeElement {
        var signature = ds(
            "Signature",
            children: [
                .element(signedInfo), .element(ds("SignatureValue", children: [.text(Data(value).base64EncodedString())])),
                .element(ds("KeyInfo", children: [.element(keyInfo)])),
            ])
        signature.namespaceDeclarations = [XMLNamespaceDeclaration(prefix: "ds", uri: XMLSignatureAlgorithms.dsig)]
        return signature
    }
}
