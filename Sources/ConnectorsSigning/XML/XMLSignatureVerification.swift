import ConnectorsHTTP
import Foundation
import PlugboardCore
import X509

/// Checks an enveloped XML Signature, refusing what signature-wrapping attacks use: each reference must be `""` or
/// `#id` naming exactly one element (a duplicated Id is a wrapped copy), not inside the signature's own `ds:Object`;
/// only the enveloped-signature and exclusive C14N transforms are run; the SignedInfo must be exclusive C14N; the
/// signer is the certificate in KeyInfo whose key verifies it, and its validity and chain are reported. `mustCover` names what the caller relies
/// on (the document, or an Id): a valid signature over something else is reported invalid.
public struct XMLSignatureVerification: Sendable {
    public var valid: Bool
    public var reason: String?
    public var signer: CertificateFacts?
    public var certificateValid: Bool
    public var trusted: Bool?
    public var trustProblem: String?
    /// What the references cover, as paths of local names (`/Envelope/Body`).
    public var covers: [String]

    static func failure(_ reason: String, signer: CertificateFacts? = nil) -> XMLSignatureVerification {
        XMLSignatureVerification(valid: false, reason: reason, signer: signer, certificateValid: false, covers: [])
    }

    /// `signers` replaces the certificates KeyInfo carries, for messages whose KeyInfo only points elsewhere (a
    /// WS-Security token reference) and whose signer is known in advance.
    public static func verify(
        _ text: String, roots: [Certificate], mustCover: String?, signers: [Certificate]? = nil, now: Date = Date()
    ) async throws(ConnectorError) -> XMLSignatureVerification {
        try await verify(XMLSignatureDocument.parse(text), roots: roots, mustCover: mustCover, signers: signers, now: now)
    }

    /// The same, for a document already parsed.
    public static func verify(
        _ root: XMLTreeElement, roots: [Certificate], mustCover: String?, signers: [Certificate]? = nil, now: Date = Date()
    ) async throws(ConnectorError) -> XMLSignatureVerification {
        let signatures = XMLTreePaths.all(root).filter { $0.element.name == XMLName(XMLSignatureAlgorithms.dsig, "Signature") }
        guard signatures.count == 1, let (signaturePath, signature) = signatures.first else {
            throw .invalidInput(signatures.isEmpty ? "The document has no XML signature (ds:Signature)." : "The document has \(signatures.count) signatures; give one at a time.", field: "xml")
        }
        guard let signedInfo = signature.element(named: "SignedInfo", namespace: XMLSignatureAlgorithms.dsig),
            let signatureValue = signature.element(named: "SignatureValue", namespace: XMLSignatureAlgorithms.dsig)
                .flatMap({ Data(base64Encoded: $0.text, options: .ignoreUnknownCharacters) })
        else { return failure("The signature has no SignedInfo or SignatureValue.") }
        let certificates = signers ?? (signature.element(named: "KeyInfo", namespace: XMLSignatureAlgorithms.dsig)?
            .element(named: "X509Data", namespace: XMLSignatureAlgorithms.dsig)?
            .elements(named: "X509Certificate", namespace: XMLSignatureAlgorithms.dsig) ?? [])
            .compactMap { Data(base64Encoded: $0.text, options: .ignoreUnknownCharacters).flatMap { try? Certificate(derEncoded: Array($0)) } }
        guard !certificates.isEmpty else { return failure("The signature carries no X509 certificate in KeyInfo.") }
        guard signedInfo.element(named: "CanonicalizationMethod", namespace: XMLSignatureAlgorithms.dsig)?.attribute("Algorithm") == XMLSignatureAlgorithms.exclusiveC14N
        else { return failure("The SignedInfo is not canonicalized with exclusive C14N, the only method accepted.") }
        guard let method = signedInfo.element(named: "SignatureMethod", namespace: XMLSignatureAlgorithms.dsig)?.attribute("Algorithm")
            .flatMap(XMLSignatureAlgorithms.Method.init(rawValue:))
        else { return failure("The signature method is not RSA-SHA256, RSA-SHA512 or ECDSA-SHA256.") }
        let named = CertificateFacts(certificates[0])
        let references = signedInfo.elements(named: "Reference", namespace: XMLSignatureAlgorithms.dsig)
        guard !references.isEmpty else { return failure("The SignedInfo references nothing.", signer: named) }
        var covers: [String] = []
        var coveredIDs: Set<String> = []
        for reference in references {
            switch XMLSignatureReferences.check(reference, root: root, signaturePath: signaturePath) {
            case .failure(let reason): return failure(reason, signer: named)
            case .success(let covered):
                covers.append(covered.path)
                if let id = covered.id { coveredIDs.insert(id) } else { coveredIDs.insert("") }
            }
        }
        let signedBytes = ExclusiveCanonicalization(inclusivePrefixes: XMLSignatureReferences.inclusivePrefixes(of: signedInfo.element(named: "CanonicalizationMethod", namespace: XMLSignatureAlgorithms.dsig)))
            .canonicalize(signedInfo)
        // The signer is the certificate whose key verifies the signature (KeyInfo may carry its chain, in any order).
        guard let certificate = certificates.first(where: {
            XMLSignatureReferences.verifySignature(Array(signatureValue), over: signedBytes, key: $0.publicKey, method: method)
        }) else {
            return failure("The signature value does not verify with any certificate in KeyInfo.", signer: named)
        }
        let facts = CertificateFacts(certificate)
        if let mustCover, !coveredIDs.contains(mustCover == "document" ? "" : mustCover) {
            return failure("The signature is valid but covers \(covers.joined(separator: ", ")), not \(mustCover == "document" ? "the whole document" : "#" + mustCover).", signer: facts)
        }
        var result = XMLSignatureVerification(valid: true, signer: facts, certificateValid: facts.isValid(at: now), covers: covers)
        if !roots.isEmpty {
            var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(validationTime: now) }
            switch await verifier.validate(leaf: certificate, intermediates: CertificateStore(certificates.filter { $0 != certificate })) {
            case .validCertificate: result.trusted = true
            case .couldNotValidate(let failures):
                result.trusted = false
                result.trustProblem = failures.first.map { "\($0.policyFailureReason)" } ?? "No chain leads to a trusted root."
            }
        }
        return result
    }
}
