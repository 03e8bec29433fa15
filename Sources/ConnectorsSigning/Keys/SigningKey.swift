import Foundation
import PlugboardCore
import SwiftASN1
import X509

/// A signing credential ready to use: the private key, the signer's certificate, and the rest of its chain. Read
/// from a PKCS#12 file (PBES2 or the legacy PBES1 algorithms, through BoringSSL) or from PEM; RSA and ECDSA keys
/// (P-256, P-384, P-521); GOST keys are refused as unsupported, and a key that does not belong to the certificate is
/// refused.
public struct SigningKey: Sendable {
    public var privateKey: Certificate.PrivateKey
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
        let privateKey: Certificate.PrivateKey
        do {
            let document = try PEMDocument(pemString: keyText)
            try GOSTKeys.refuse(in: document.derBytes, field: "privateKey")
            privateKey = try Certificate.PrivateKey(pemDocument: document)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw .invalidInput("The private key could not be read as PKCS#8, PKCS#1 or SEC1 PEM (RSA or ECDSA).", field: "privateKey")
        }
        return SigningKey(privateKey: privateKey, certificate: first, intermediates: Array(chain.dropFirst()))
    }

    /// The key as DER in any of PKCS#8, PKCS#1 (RSA) or SEC1 (EC), as BoringSSL writes a bundle's key.
    static func privateKey(der: [UInt8], field: String) throws(ConnectorError) -> Certificate.PrivateKey {
        for label in ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"] {
            if let key = try? Certificate.PrivateKey(pemDocument: PEMDocument(type: label, derBytes: der)) { return key }
        }
        throw ConnectorError(.unsupported, message: "The key is neither RSA nor ECDSA (P-256, P-384, P-521).", field: field)
    }
}
