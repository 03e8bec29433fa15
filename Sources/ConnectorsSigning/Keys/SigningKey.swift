import Foundation
import PlugboardCore
import SwiftASN1
import X509

/// A signing credential ready to use: the private key, the signer's certificate, and the rest of its chain. Read
/// from a PKCS#12 file (PBES2 or the legacy PBES1 algorithms, through BoringSSL) or from PEM; RSA and ECDSA keys
/// (P-256, P-384, P-521); GOST keys are refused as unsupported, and a key that does not belong to the certificate is
/// refused.
public struct SigningKey: Sendable {
    public var key: SigningPrivateKey
    public var certificate: Certificate
    /// The issuers after the signer's certificate, in the order given.
    public var intermediates: [Certificate]

    /// The key a `signing_key` credential's fields hold.
    public static func load(_ fields: [String: String]) throws(ConnectorError) -> SigningKey {
        let key: SigningKey
        if (fields["format"] ?? "pkcs12") == "pem" {
            key = try loadPEM(certificates: fields["certificate"] ?? "", privateKey: fields["privateKey"] ?? "")
        } else {
            guard let bundle = fields["pkcs12"].flatMap({ Data(base64Encoded: $0, options: .ignoreUnknownCharacters) }) else {
                throw .invalidInput("The PKCS#12 file is not valid base64.", field: "pkcs12")
            }
            key = try loadPKCS12(Array(bundle), password: fields["password"] ?? "")
        }
        guard key.privateKey.publicKey == key.certificate.publicKey else {
            throw .invalidInput(
                "The private key does not belong to the first certificate; give the signer's certificate first.",
                field: (fields["format"] ?? "pkcs12") == "pem" ? "certificate" : "pkcs12")
        }
        return key
    }

    /// A PEM chain (the signer's certificate first) and an unencrypted PEM private key.
    static func loadPEM(certificates text: String, privateKey keyText: String) throws(ConnectorError) -> SigningKey {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw .invalidInput("The certificate chain is not PEM (-----BEGIN CERTIFICATE-----).", field: "certificate")
        }
        var chain: [Certificate] = []
        for document in documents where document.discriminator == "CERTIFICATE" {
            try GOSTKeys.refuse(in: document.derBytes, field: "certificate")
            do {
                chain.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw .invalidInput("A certificate in the chain could not be read: \(error).", field: "certificate")
            }
        }
        guard let first = chain.first else { throw .invalidInput("Give at least one certificate, the signer's first.", field: "certificate") }
        if keyText.contains("ENCRYPTED PRIVATE KEY") {
            throw .invalidInput("Give the private key unencrypted (openssl pkey -in key.pem), or use a PKCS#12 file with its password.", field: "privateKey")
        }
        let document: PEMDocument
        do {
            document = try PEMDocument(pemString: keyText)
        } catch {
            throw .invalidInput("The private key is not PEM (-----BEGIN PRIVATE KEY-----).", field: "privateKey")
        }
        try GOSTKeys.refuse(in: document.derBytes, field: "privateKey")
        let key = try SigningPrivateKey(der: document.derBytes, field: "privateKey")
        return SigningKey(key: key, certificate: first, intermediates: Array(chain.dropFirst()))
    }

    /// The key for swift-certificates (CMS).
    public var privateKey: Certificate.PrivateKey { key.certificateKey }
}
