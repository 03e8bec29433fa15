import Crypto
import Foundation
import X509

/// What P-256, P-384 and P-521 public keys share, so one function verifies with any of them.
protocol ECDSAVerifyingKey {
    associatedtype Signature
    init?(_ key: Certificate.PublicKey)
    static func signature(_ bytes: [UInt8], encoding: ECDSAVerification.Encoding) -> Signature?
    func isValidSignature<D: Digest>(_ signature: Signature, for digest: D) -> Bool
}

extension P256.Signing.PublicKey: ECDSAVerifyingKey {
    static func signature(_ bytes: [UInt8], encoding: ECDSAVerification.Encoding) -> P256.Signing.ECDSASignature? {
        encoding == .der ? try? .init(derRepresentation: bytes) : try? .init(rawRepresentation: bytes)
    }
}

extension P384.Signing.PublicKey: ECDSAVerifyingKey {
    static func signature(_ bytes: [UInt8], encoding: ECDSAVerification.Encoding) -> P384.Signing.ECDSASignature? {
        encoding == .der ? try? .init(derRepresentation: bytes) : try? .init(rawRepresentation: bytes)
    }
}

extension P521.Signing.PublicKey: ECDSAVerifyingKey {
    static func signature(_ bytes: [UInt8], encoding: ECDSAVerification.Encoding) -> P521.Signing.ECDSASignature? {
        encoding == .der ? try? .init(derRepresentation: bytes) : try? .init(rawRepresentation: bytes)
    }
}

/// ECDSA signatures on P-256, P-384 and P-521 with any of the digests: DER `Ecdsa-Sig-Value` (CMS) or r‖s (XML).
enum ECDSAVerification {
    enum Encoding { case der, raw }

    static func check(_ signature: [UInt8], encoding: Encoding = .der, over bytes: [UInt8], by key: Certificate.PublicKey, digest: DigestAlgorithm) -> Bool {
        if let key = P256.Signing.PublicKey(key) { return verify(signature, encoding, bytes, key, digest) }
        if let key = P384.Signing.PublicKey(key) { return verify(signature, encoding, bytes, key, digest) }
        if let key = P521.Signing.PublicKey(key) { return verify(signature, encoding, bytes, key, digest) }
        return false
    }

    private static func verify<Key: ECDSAVerifyingKey>(_ bytes: [UInt8], _ encoding: Encoding, _ data: [UInt8], _ key: Key, _ digest: DigestAlgorithm) -> Bool {
        guard let signature = Key.signature(bytes, encoding: encoding) else { return false }
        switch digest {
        case .sha256: return key.isValidSignature(signature, for: SHA256.hash(data: data))
        case .sha384: return key.isValidSignature(signature, for: SHA384.hash(data: data))
        case .sha512: return key.isValidSignature(signature, for: SHA512.hash(data: data))
        case .sha1: return key.isValidSignature(signature, for: Insecure.SHA1.hash(data: data))
        }
    }
}
