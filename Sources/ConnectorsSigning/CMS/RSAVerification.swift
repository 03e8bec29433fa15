import Crypto
import Foundation
import X509
import _CryptoExtras

/// RSA PKCS#1 v1.5 signatures with any of the digests.
enum RSAVerification {
    static func check(_ signature: [UInt8], over bytes: [UInt8], by key: Certificate.PublicKey, digest: DigestAlgorithm) -> Bool {
        guard let rsa = _RSA.Signing.PublicKey(key) else { return false }
        let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
        switch digest {
        case .sha256: return rsa.isValidSignature(value, for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5)
        case .sha384: return rsa.isValidSignature(value, for: SHA384.hash(data: bytes), padding: .insecurePKCS1v1_5)
        case .sha512: return rsa.isValidSignature(value, for: SHA512.hash(data: bytes), padding: .insecurePKCS1v1_5)
        case .sha1: return rsa.isValidSignature(value, for: Insecure.SHA1.hash(data: bytes), padding: .insecurePKCS1v1_5)
        }
    }
}
