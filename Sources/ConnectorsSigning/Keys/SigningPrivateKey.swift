import Crypto
import PlugboardCore
import X509
import _CryptoExtras

/// A signing key for signatures in raw form (XML Signature wants RSA PKCS#1 v1.5 bytes and ECDSA as r‖s, not DER),
/// and as swift-certificates holds it, for CMS.
public struct SigningPrivateKey: Sendable {
    enum Kind: Sendable { case rsa, p256, p384, p521 }

    let kind: Kind
    /// The key's DER, kept to rebuild swift-crypto's key (not `Sendable`) for each raw signature.
    private let der: [UInt8]
    /// The same key for swift-certificates (CMS).
    let certificateKey: Certificate.PrivateKey

    /// A key from DER in PKCS#8, PKCS#1 (RSA) or SEC1 (EC).
    init(der: [UInt8], field: String) throws(ConnectorError) {
        self.der = der
        if let key = try? _RSA.Signing.PrivateKey(derRepresentation: der) {
            (kind, certificateKey) = (.rsa, Certificate.PrivateKey(key))
        } else if let key = try? P256.Signing.PrivateKey(derRepresentation: der) {
            (kind, certificateKey) = (.p256, Certificate.PrivateKey(key))
        } else if let key = try? P384.Signing.PrivateKey(derRepresentation: der) {
            (kind, certificateKey) = (.p384, Certificate.PrivateKey(key))
        } else if let key = try? P521.Signing.PrivateKey(derRepresentation: der) {
            (kind, certificateKey) = (.p521, Certificate.PrivateKey(key))
        } else {
            throw ConnectorError(.unsupported, message: "The key is neither RSA nor ECDSA (P-256, P-384, P-521).", field: field)
        }
    }

    public var isRSA: Bool { kind == .rsa }

    /// The raw signature over `bytes` with `digest`: RSA PKCS#1 v1.5, or ECDSA's r‖s.
    func sign(_ bytes: [UInt8], digest: DigestAlgorithm) throws -> [UInt8] {
        switch kind {
        case .rsa:
            let key = try _RSA.Signing.PrivateKey(derRepresentation: der)
            switch digest {
            case .sha256: return Array(try key.signature(for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .sha384: return Array(try key.signature(for: SHA384.hash(data: bytes), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .sha512: return Array(try key.signature(for: SHA512.hash(data: bytes), padding: .insecurePKCS1v1_5).rawRepresentation)
            case .sha1: throw Self.noSHA1
            }
        case .p256: return try ECDSASigning.sign(bytes, digest: digest, with: P256.Signing.PrivateKey(derRepresentation: der))
        case .p384: return try ECDSASigning.sign(bytes, digest: digest, with: P384.Signing.PrivateKey(derRepresentation: der))
        case .p521: return try ECDSASigning.sign(bytes, digest: digest, with: P521.Signing.PrivateKey(derRepresentation: der))
        }
    }

    static let noSHA1 = ConnectorError(.unsupported, message: "New signatures use SHA-256, SHA-384 or SHA-512, not SHA-1.", field: "digest")
}
