import ConnectorsHTTP
import Foundation
import PlugboardCore

/// Enveloped XML Signatures (XMLDSig 1.1) with exclusive C14N: over the whole document (`URI=""`, with the
/// enveloped-signature transform) or over the element whose `Id` is given (`URI="#id"`), signed with RSA-SHA256,
/// RSA-SHA512 or ECDSA-SHA256, the signer's certificate (and its chain) in `KeyInfo/X509Data`. The signature goes in as
/// the root's last child; the document's own bytes are kept as they were around it.
public enum XMLSigning {
    public enum Target: Sendable, Equatable {
        case document
        case element(id: String)
    }

    /// `withComments` keeps the document's comments in what is signed: the reference is then an XPointer
    /// (`#xpointer(/)`, `#xpointer(id('…'))`), since a plain `""` or `#id` reference drops comments by definition.
    public static func sign(
        _ text: String, with key: SigningKey, method: XMLSignatureAlgorithms.Method, target: Target, withComments: Bool = false
    ) throws(ConnectorError) -> String {
        guard method.isRSA == key.key.isRSA else {
            throw .invalidInput("\(method) needs \(method.isRSA ? "an RSA" : "an ECDSA") key; the credential holds the other kind.", field: "algorithm")
        }
        let root = try XMLSignatureDocument.parse(text)
        let referenced: XMLTreeElement
        let uri: String
        var transforms = [withComments ? XMLSignatureAlgorithms.exclusiveC14NWithComments : XMLSignatureAlgorithms.exclusiveC14N]
        switch target {
        case .document:
            referenced = root
            uri = withComments ? "#xpointer(/)" : ""
            transforms.insert(XMLSignatureAlgorithms.envelopedSignature, at: 0)
        case .element(let id):
            let matches = XMLTreePaths.elements(withID: id, in: root)
            guard matches.count == 1, let match = matches.first else {
                throw .invalidInput(
                    matches.isEmpty ? "No element has the Id '\(id)'." : "\(matches.count) elements have the Id '\(id)'; an Id must be unique.", field: "id")
            }
            referenced = match.element
            uri = withComments ? "#xpointer(id('\(id)'))" : "#" + id
            if match.path.isEmpty { transforms.insert(XMLSignatureAlgorithms.envelopedSignature, at: 0) }
        }
        let canonical = ExclusiveCanonicalization(withComments: withComments).canonicalize(referenced)
        let certificates = XMLSignatureElements.x509Data([key.certificate] + key.intermediates)
        let signature = try signature(over: canonical, uri: uri, transforms: transforms, method: method, key: key, keyInfo: certificates)
        let fragment = String(decoding: ExclusiveCanonicalization().canonicalize(signature, bindings: [:]), as: UTF8.self)
        return try XMLSignatureDocument.insert(fragment, intoRootOf: text, root: root)
    }

    /// A `ds:Signature` over `canonical` (the referenced content's exclusive C14N) referenced as `uri`, with `keyInfo`
    /// as KeyInfo's content: for messages that place the signature themselves (WS-Security).
    public static func signature(
        over canonical: [UInt8], uri: String, transforms: [String] = [XMLSignatureAlgorithms.exclusiveC14N],
        method: XMLSignatureAlgorithms.Method, key: SigningKey, keyInfo: XMLTreeElement
    ) throws(ConnectorError) -> XMLTreeElement {
        let signedInfo = XMLSignatureElements.signedInfo(method: method, uri: uri, transforms: transforms, digest: method.digest.hash(canonical))
        let value: [UInt8]
        do {
            value = try key.key.sign(ExclusiveCanonicalization().canonicalize(signedInfo, bindings: ["ds": XMLSignatureAlgorithms.dsig]), digest: method.digest)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.internalError, message: "Signing failed: \(error).")
        }
        return XMLSignatureElements.signature(signedInfo: signedInfo, value: value, keyInfo: keyInfo)
    }
}
