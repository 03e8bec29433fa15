import Crypto
import Foundation
import PlugboardCore
import X509
import _CryptoExtras

/// What a certificate says about its holder, as credentials and verification results show it.
public struct CertificateFacts: Sendable {
    public var subject: String
    public var issuer: String
    public var serialNumber: String
    public var notBefore: Date
    public var notAfter: Date
    public var keyAlgorithm: String

    public init(_ certificate: Certificate) {
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        serialNumber = Hex.encode(certificate.serialNumber.bytes)
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        keyAlgorithm = Self.algorithm(of: certificate.publicKey)
    }

    /// Whether `moment` lies within the validity period.
    public func isValid(at moment: Date) -> Bool { notBefore <= moment && moment <= notAfter }

    /// As the credential's read-only fields.
    public var fields: [String: String] {
        [
            "subject": subject, "issuer": issuer, "serialNumber": serialNumber, "notBefore": ISO8601.string(from: notBefore),
            "notAfter": ISO8601.string(from: notAfter), "keyAlgorithm": keyAlgorithm,
        ]
    }

    /// As JSON, in results.
    public var json: JSONValue {
        .object(fields.mapValues(JSONValue.string).reduce(into: JSONObject()) { $0[$1.key] = $1.value })
    }

    static func algorithm(of key: Certificate.PublicKey) -> String {
        if let rsa = _RSA.Signing.PublicKey(key) { return "RSA \(rsa.keySizeInBits)" }
        if P256.Signing.PublicKey(key) != nil { return "ECDSA P-256" }
        if P384.Signing.PublicKey(key) != nil { return "ECDSA P-384" }
        if P521.Signing.PublicKey(key) != nil { return "ECDSA P-521" }
        return "other"
    }
}
