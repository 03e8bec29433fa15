import Foundation
import NIOSSL
import PlugboardCore

/// A client-certificate credential installed into a TLS configuration, for servers that ask for one.
enum PostgreSQLClientIdentity {
    /// Adds the certificate chain and key; failures name the credential field, never its content.
    static func apply(_ credential: Credential, to tls: inout TLSConfiguration) throws(ConnectorError) {
        let password = Array((credential["password"] ?? "").utf8)
        if (credential["format"] ?? "pem") == "pkcs12" {
            guard let encoded = credential["pkcs12"], let bytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters),
                let bundle = try? NIOSSLPKCS12Bundle(buffer: Array(bytes), passphrase: password), !bundle.certificateChain.isEmpty
            else { throw unreadable("The PKCS#12 bundle could not be opened; the bundle or its password is wrong.", field: "pkcs12") }
            tls.certificateChain = bundle.certificateChain.map { .certificate($0) }
            tls.privateKey = .privateKey(bundle.privateKey)
            return
        }
        guard let certificate = credential["certificate"], let key = credential["privateKey"],
            let chain = try? NIOSSLCertificate.fromPEMBytes(Array(certificate.utf8)), !chain.isEmpty
        else { throw unreadable("A PEM client certificate needs both a certificate chain and a private key.", field: "certificate") }
        guard let privateKey = try? NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem, passphraseCallback: { (setter: ([UInt8]) -> Void) in setter(password) })
        else { throw unreadable("The private key is not a PEM key, or its password is wrong.", field: "privateKey") }
        tls.certificateChain = chain.map { .certificate($0) }
        tls.privateKey = .privateKey(privateKey)
    }

    private static func unreadable(_ message: String, field: String) -> ConnectorError {
        ConnectorError(
            .invalidConfiguration, message: message, cause: "The linked client certificate credential is incomplete or damaged.",
            fix: "Edit the credential: paste the PEM certificate and key, or a base64 PKCS#12 bundle with its password.", field: field)
    }
}
