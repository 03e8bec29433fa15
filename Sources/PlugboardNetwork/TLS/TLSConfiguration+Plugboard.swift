import Foundation
import NIOSSL
import PlugboardCore

extension TLSConfiguration {
    /// The one place a client TLS setup is built, for HTTP and TCP alike: verification, the authorities trusted, and
    /// a client certificate for mutual TLS.
    ///
    /// Failures name the option or credential field at fault but never echo its content.
    static func plugboardClient(_ options: TLSOptions) throws(ConnectorError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if options.verification == .none {
            configuration.certificateVerification = .none
        } else if options.verification == .noHostname {
            configuration.certificateVerification = .noHostnameVerification
        } else {
            configuration.certificateVerification = .fullVerification
        }
        if let pem = options.trustRootsPEM {
            guard let roots = try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)), !roots.isEmpty else {
                throw ConnectorError.invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
            }
            configuration.trustRoots = .certificates(roots)
        }
        guard let credential = options.clientIdentity else { return configuration }
        guard credential.kind == .clientCertificate else {
            throw ConnectorError.invalidConfiguration(
                "A \(credential.kind.displayName.lowercased()) credential cannot be used as a client certificate.", field: "credential")
        }
        let (chain, key) = try identity(from: credential)
        configuration.certificateChain = chain.map { .certificate($0) }
        configuration.privateKey = .privateKey(key)
        return configuration
    }

    private static func identity(from credential: Credential) throws(ConnectorError) -> ([NIOSSLCertificate], NIOSSLPrivateKey) {
        let password = Array((credential["password"] ?? "").utf8)
        if (credential["format"] ?? "pem") == "pkcs12" {
            guard let encoded = credential["pkcs12"],
                let bundleBytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters)
            else {
                throw unreadable("The client certificate's PKCS#12 bundle is missing or not base64.", field: "pkcs12")
            }
            do {
                let bundle = try NIOSSLPKCS12Bundle(buffer: Array(bundleBytes), passphrase: password)
                guard !bundle.certificateChain.isEmpty else {
                    throw unreadable("The client certificate's PKCS#12 bundle holds no certificate.", field: "pkcs12")
                }
                return (bundle.certificateChain, bundle.privateKey)
            } catch let error as ConnectorError {
                throw error
            } catch {
                throw unreadable("The client certificate's PKCS#12 bundle could not be opened; the bundle or its password is wrong.", field: "pkcs12")
            }
        }
        guard let certificatePEM = credential["certificate"], let keyPEM = credential["privateKey"] else {
            throw unreadable("A PEM client certificate needs both 'certificate' and 'privateKey'.", field: "certificate")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw unreadable("The client certificate is not a PEM certificate chain.", field: "certificate")
        }
        guard !chain.isEmpty else { throw unreadable("The client certificate holds no PEM certificate.", field: "certificate") }
        do {
            // The callback answers BoringSSL's passphrase prompt, which would otherwise read standard input.
            let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem) { (setter: ([UInt8]) -> Void) in
                setter(password)
            }
            return (chain, key)
        } catch {
            throw unreadable("The client certificate's private key is not a PEM key, or its password is wrong.", field: "privateKey")
        }
    }

    private static func unreadable(_ message: String, field: String) -> ConnectorError {
        ConnectorError(
            .invalidConfiguration, message: message, cause: "The linked client certificate credential is incomplete or damaged.",
            fix: "Edit the credential: paste the PEM certificate and key, or a base64 PKCS#12 bundle with its password.", field: field)
    }
}
