import Crypto
import Foundation
import PlugboardCore
import SwiftASN1
import X509
import _CryptoExtras

/// Checks a CMS signature: the content's digest against the signed attributes, the signature by the signer's
/// certificate (RSA PKCS#1 v1.5 under `rsaEncryption` or `shaNWithRSAEncryption`, ECDSA), the certificate's validity
/// at the signing time (or now), and its chain against the trusted roots when some are given.
public struct CMSVerification: Sendable {
    public var valid: Bool
    /// Why it is not valid.
    public var reason: String?
    public var signer: CertificateFacts?
    public var signingTime: Date?
    /// Whether the signer's certificate was within its validity at the signing time (or now, without one).
    public var certificateValid: Bool
    /// Whether the chain leads to a trusted root; nil when no roots were given.
    public var trusted: Bool?
    public var trustProblem: String?
    /// The signed content, when it was attached.
    public var content: [UInt8]?

    /// Verifies `signature` (DER or BER); `detachedContent` is the data for a detached signature.
    public static func verify(
        _ signature: [UInt8], detachedContent: [UInt8]?, roots: [Certificate], now: Date = Date()
    ) async throws(ConnectorError) -> CMSVerification {
        let message: CMSSignedMessage
        do {
            message = try CMSSignedMessage(berEncoded: signature)
        } catch let error as CMSFormatError {
            throw .invalidInput("The signature is not CMS SignedData: \(error.reason).", field: "signature")
        } catch {
            throw .invalidInput("The signature is not CMS SignedData (DER or BER).", field: "signature")
        }
        guard let content = detachedContent ?? message.content else {
            throw .invalidInput("The signature is detached: give the signed data too.", field: "data")
        }
        var result = CMSVerification(valid: false, certificateValid: false, content: message.content)
        let signer = message.signers[0]
        result.signingTime = signer.signingTime
        guard let certificate = message.certificate(of: signer) else {
            result.reason = "The signature does not carry its signer's certificate."
            return result
        }
        let facts = CertificateFacts(certificate)
        result.signer = facts
        result.certificateValid = facts.isValid(at: signer.signingTime ?? now)
        let digest = signer.digest.hash(content)
        let signed: [UInt8]
        if let attributes = signer.signedAttributes {
            guard signer.messageDigest == digest else {
                result.reason = "The data does not match the signature: its digest differs from the signed one."
                return result
            }
            signed = attributes
        } else {
            signed = content
        }
        switch Self.check(signer.signature, over: signed, by: certificate.publicKey, algorithm: signer.signatureAlgorithm, digest: signer.digest) {
        case .valid: break
        case .invalid:
            result.reason = "The signature does not verify with the signer's certificate."
            return result
        case .unsupported(let name):
            throw ConnectorError(.unsupported, message: "The signature uses \(name), which Plugboard does not verify.", field: "signature")
        }
        result.valid = true
        if !roots.isEmpty {
            var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(validationTime: signer.signingTime ?? now) }
            switch await verifier.validate(leaf: certificate, intermediates: CertificateStore(message.certificates)) {
            case .validCertificate:
                result.trusted = true
            case .couldNotValidate(let failures):
                result.trusted = false
                result.trustProblem = failures.first.map { "\($0.policyFailureReason)" } ?? "No chain leads to a trusted root."
            }
        }
        return result
    }

    enum Check { case valid, invalid, unsupported(String) }

    /// Whether `signature` over `bytes` verifies with `key` under the signer's algorithm.
    static func check(_ signature: [UInt8], over bytes: [UInt8], by key: Certificate.PublicKey, algorithm: ASN1ObjectIdentifier, digest: DigestAlgorithm) -> Check {
        switch algorithm.description {
        case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.5":
            return RSAVerification.check(signature, over: bytes, by: key, digest: digest) ? .valid : .invalid
        case "1.2.840.10045.2.1", "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4":
            return ECDSAVerification.check(signature, over: bytes, by: key, digest: digest) ? .valid : .invalid
        case "1.2.840.113549.1.1.10":
            return .unsupported("RSASSA-PSS")
        default:
            return .unsupported("the algorithm \(algorithm)")
        }
    }
}
