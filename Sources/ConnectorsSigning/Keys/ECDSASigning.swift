import Crypto
import Foundation

/// What P-256, P-384 and P-521 signing keys share, so one function signs with any of them.
protocol ECDSASigningKey {
    associatedtype Signature: ECDSARawSignature
    func signature<D: Digest>(for digest: D) throws -> Signature
}

protocol ECDSARawSignature {
    var rawRepresentation: Data { get }
}

extension P256.Signing.PrivateKey: ECDSASigningKey {}
extension P384.Signing.PrivateKey: ECDSASigningKey {}
extension P521.Signing.PrivateKey: ECDSASigningKey {}
extension P256.Signing.ECDSASignature: ECDSARawSignature {}
extension P384.Signing.ECDSASignature: ECDSARawSignature {}
extension P521.Signing.ECDSASignature: ECDSARawSignature {}

enum ECDSASigning {
    /// ECDSA over `bytes` with `digest`, as r‖s.
    static func sign(_ bytes: [UInt8], digest: DigestAlgorithm, with key: some ECDSASigningKey) throws -> [UInt8] {
        switch digest {
        case .sha256: return Array(try key.signature(for: SHA256.hash(data: bytes)).rawRepresentation)
        case .sha384: return Array(try key.signature(for: SHA384.hash(data: bytes)).rawRepresentation)
        case .sha512: return Array(try key.signature(for: SHA512.hash(data: bytes)).rawRepresentation)
        case .sha1: throw SigningPrivateKey.noSHA1
        }
    }
}
