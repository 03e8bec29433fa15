import ConnectorsHTTP
import Crypto
import Foundation
import PlugboardCore
import X509
import _CryptoExtras

/// One `ds:Reference` checked: its target found without ambiguity, its transforms from the allow-list, its digest.
enum XMLSignatureReferences {
    static let allowedTransforms: Set<String> = [
        XMLSignatureAlgorithms.envelopedSignature, XMLSignatureAlgorithms.exclusiveC14N, XMLSignatureAlgorithms.exclusiveC14NWithComments,
    ]

    struct Covered {
        var path: String
        var id: String?
    }

    enum Outcome {
        case success(Covered)
        case failure(String)
    }

    static func check(_ reference: XMLTreeElement, root: XMLTreeElement, signaturePath: [Int]) -> Outcome {
        let uri = reference.attribute("URI") ?? ""
        guard let target = Target(uri) else {
            return .failure("The reference '\(uri)' is not the whole document or an Id (\"\", #id, #xpointer(/), #xpointer(id('…'))); others are refused.")
        }
        var targetPath: [Int] = []
        if let name = target.id {
            let matches = XMLTreePaths.elements(withID: name, in: root)
            guard matches.count == 1, let match = matches.first else {
                return .failure(matches.isEmpty
                    ? "Nothing in the document has the Id '\(name)' the signature references."
                    : "\(matches.count) elements have the Id '\(name)': a signed element was copied (signature wrapping).")
            }
            guard !match.path.starts(with: signaturePath) else {
                return .failure("The signature references an element inside itself (ds:Object), which wrapping attacks use.")
            }
            targetPath = match.path
        }
        let transforms = reference.element(named: "Transforms", namespace: XMLSignatureAlgorithms.dsig)?
            .elements(named: "Transform", namespace: XMLSignatureAlgorithms.dsig) ?? []
        var inclusive: Set<String> = []
        var enveloped = false
        var canonicalization: String?
        for transform in transforms {
            let algorithm = transform.attribute("Algorithm") ?? ""
            guard allowedTransforms.contains(algorithm) else { return .failure("The transform \(algorithm) is not allowed.") }
            if algorithm == XMLSignatureAlgorithms.envelopedSignature { enveloped = true } else { canonicalization = algorithm }
            inclusive.formUnion(inclusivePrefixes(of: transform))
        }
        guard let canonicalization else { return .failure("The reference names no exclusive C14N transform, the only canonicalization accepted.") }
        guard var signed = XMLTreePaths.element(at: targetPath, in: root) else { return .failure("The referenced element is missing.") }
        if signaturePath.starts(with: targetPath) {
            guard enveloped else { return .failure("The signature lies inside what it signs without the enveloped-signature transform.") }
            signed = XMLTreePaths.removing(Array(signaturePath.dropFirst(targetPath.count)), from: signed)
        }
        guard let digestURI = reference.element(named: "DigestMethod", namespace: XMLSignatureAlgorithms.dsig)?.attribute("Algorithm"),
            let digest = XMLSignatureAlgorithms.digest(uri: digestURI), digest != .sha1
        else { return .failure("The digest method is not SHA-256, SHA-384 or SHA-512.") }
        let expected = reference.element(named: "DigestValue", namespace: XMLSignatureAlgorithms.dsig)
            .flatMap { Data(base64Encoded: $0.text, options: .ignoreUnknownCharacters) }
        // "" and #id leave comments out whichever C14N is named; XPointers keep them for a WithComments C14N (XMLDSig §4.4.3.3).
        let comments = target.keepsComments && canonicalization == XMLSignatureAlgorithms.exclusiveC14NWithComments
        let actual = digest.hash(ExclusiveCanonicalization(withComments: comments, inclusivePrefixes: inclusive).canonicalize(signed))
        guard let expected, Array(expected) == actual else {
            return .failure("The content signed as \(uri.isEmpty ? "the document" : uri) has changed: its digest differs.")
        }
        return .success(Covered(path: XMLTreePaths.describe(targetPath, in: root), id: target.id))
    }

    /// What a same-document reference names.
    struct Target {
        /// nil: the whole document.
        var id: String?
        var keepsComments: Bool

        init?(_ uri: String) {
            if uri.isEmpty {
                (id, keepsComments) = (nil, false)
            } else if uri == "#xpointer(/)" {
                (id, keepsComments) = (nil, true)
            } else if uri.hasPrefix("#xpointer(id('"), uri.hasSuffix("'))"), uri.count > 17 {
                (id, keepsComments) = (String(uri.dropFirst(14).dropLast(3)), true)
            } else if uri.hasPrefix("#"), uri.count > 1, !uri.contains("("), !uri.contains("/") {
                (id, keepsComments) = (String(uri.dropFirst()), false)
            } else {
                return nil
            }
        }
    }

    /// The `InclusiveNamespaces PrefixList` under a transform or canonicalization method.
    static func inclusivePrefixes(of element: XMLTreeElement?) -> Set<String> {
        let list = element?.element(named: "InclusiveNamespaces", namespace: XMLSignatureAlgorithms.exclusiveC14N)?.attribute("PrefixList") ?? ""
        return Set(list.split(separator: " ").map(String.init))
    }

    /// The signature value over the canonical SignedInfo: RSA PKCS#1 v1.5, or ECDSA r‖s.
    static func verifySignature(_ value: [UInt8], over bytes: [UInt8], key: Certificate.PublicKey, method: XMLSignatureAlgorithms.Method) -> Bool {
        method.isRSA
            ? RSAVerification.check(value, over: bytes, by: key, digest: method.digest)
            : ECDSAVerification.check(value, encoding: .raw, over: bytes, by: key, digest: method.digest)
    }
}
