import Foundation
import PlugboardCore
@_spi(CMS) import X509

/// Signs data as CMS SignedData (RFC 5652), through swift-certificates: attached or detached, with the signing time
/// among the signed attributes and the certificate chain included, in a shape `openssl cms -verify` accepts.
public enum CMSSigning {
    public static func sign(
        _ data: [UInt8], with key: SigningKey, digest: DigestAlgorithm, detached: Bool, signingTime: Date?, includeChain: Bool
    ) throws(ConnectorError) -> [UInt8] {
        do {
            return try CMS.sign(
                data, signatureAlgorithm: try algorithm(for: key.key, digest: digest),
                additionalIntermediateCertificates: includeChain ? key.intermediates : [], certificate: key.certificate,
                privateKey: key.privateKey, signingTime: signingTime, detached: detached)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.internalError, message: "Signing failed: \(error).")
        }
    }

    /// The signature algorithm for the key's type with `digest`.
    static func algorithm(for key: SigningPrivateKey, digest: DigestAlgorithm) throws(ConnectorError) -> Certificate.SignatureAlgorithm {
        let rsa = key.isRSA
        switch digest {
        case .sha256: return rsa ? .sha256WithRSAEncryption : .ecdsaWithSHA256
        case .sha384: return rsa ? .sha384WithRSAEncryption : .ecdsaWithSHA384
        case .sha512: return rsa ? .sha512WithRSAEncryption : .ecdsaWithSHA512
        case .sha1: throw ConnectorError(.unsupported, message: "New signatures use SHA-256, SHA-384 or SHA-512, not SHA-1.", field: "digest")
        }
    }
}
