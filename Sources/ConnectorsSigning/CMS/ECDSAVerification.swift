import Crypto
import X509

/// ECDSA signatures (DER `Ecdsa-Sig-Value`) on P-256, P-384 and P-521 with any of the digests.
enum ECDSAVerification {
    static func check(_ signature: [UInt8], over bytes: [UInt8], by key: Certificate.PublicKey, digest: DigestAlgorithm) -> Bool {
        if let p256 = P256.Signing.PublicKey(key), let value = try? P256.Signing.ECDSASignature(derRepresentation: signature) {
            switch digest {
            case .sha256: return p256.isValidSignature(value, for: SHA256.hash(data: bytes))
            case .sha384: return p256.isValidSignature(value, for: SHA384.hash(data: bytes))
            case .sha512: return p256.isValidSignature(value, for: SHA512.hash(data: bytes))
            case .sha1: return p256.isValidSignature(value, for: Insecure.SHA1.hash(data: bytes))
            }
        }
        if let p384 = P384.Signing.PublicKey(key), let value = try? P384.Signing.ECDSASignature(derRepresentation: signature) {
            switch digest {
            case .sha256: return p384.isValidSignature(value, for: SHA256.hash(data: bytes))
            case .sha384: return p384.isValidSignature(value, for: SHA384.hash(data: bytes))
            case .sha512: return p384.isValidSignature(value, for: SHA512.hash(data: bytes))
            case .sha1: return p384.isValidSignature(value, for: Insecure.SHA1.hash(data: bytes))
            }
        }
        if let p521 = P521.Signing.PublicKey(key), let value = try? P521.Signing.ECDSASignature(derRepresentation: signature) {
            switch digest {
            case .sha256: return p521.isValidSignature(value, for: SHA256.hash(data: bytes))
            case .sha384: return p521.isValidSignature(value, for: SHA384.hash(data: bytes))
            case .sha512: return p521.isValidSignature(value, for: SHA512.hash(data: bytes))
            case .sha1: return p521.isValidSignature(value, for: Insecure.SHA1.hash(data: bytes))
            }
        }
        return false
    }
}
