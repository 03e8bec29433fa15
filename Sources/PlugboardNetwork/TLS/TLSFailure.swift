import NIOSSL
import PlugboardCore

/// Maps what NIOSSL and BoringSSL throw to the `ConnectorError` a user can act on, for HTTP and TCP alike.
///
/// Messages name the endpoint and the host, never a certificate's or key's content.
struct TLSFailure {
    /// `host:port` being contacted.
    var endpoint: String
    /// The name the certificate is checked against.
    var host: String

    /// The TLS error as a `ConnectorError`; nil when `error` is not a TLS error.
    func map(_ error: any Error) -> ConnectorError? {
        if let error = error as? NIOSSLError { return map(error) }
        if let error = error as? NIOSSLExtraError { return map(error) }
        if let error = error as? BoringSSLError { return handshake(reason: String(describing: error)) }
        return nil
    }

    private func map(_ error: NIOSSLError) -> ConnectorError {
        switch error {
        case .handshakeFailed(let reason):
            let text = String(describing: reason)
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return untrustedCertificate() }
            return handshake(reason: text)
        case .uncleanShutdown:
            return ConnectorError(.upstreamError, message: "\(endpoint) closed the TLS connection without a proper shutdown.")
        default:
            return handshake(reason: String(describing: error))
        }
    }

    private func map(_ error: NIOSSLExtraError) -> ConnectorError {
        if error == .failedToValidateHostname || error == .serverHostnameImpossibleToMatch {
            return ConnectorError(
                .tlsCertificate, message: "The TLS certificate of \(endpoint) is not issued for '\(host)'.",
                cause: "The certificate names another host.",
                fix: "Use the host name the certificate names, fix the certificate, or turn verification off for development.")
        }
        return handshake(reason: String(describing: error))
    }

    private func untrustedCertificate() -> ConnectorError {
        ConnectorError(
            .tlsCertificate, message: "The TLS certificate of \(endpoint) was not accepted.",
            cause: "The certificate is self-signed or from an untrusted authority, expired, or issued for another name.",
            fix: "Trust the authority that issued it (paste its CA certificate where the connector allows), install a certificate "
                + "from a trusted authority that names '\(host)', or turn verification off for development.")
    }

    private func handshake(reason: String) -> ConnectorError {
        let short = Self.reasonCode(reason)
        if short.contains("CERTIFICATE_REQUIRED") || short.contains("ALERT_BAD_CERTIFICATE") || short.contains("ALERT_UNKNOWN_CA") {
            return ConnectorError(
                .tlsCertificate, message: "\(endpoint) refused the client certificate (\(short)).",
                cause: "The service requires a client certificate it trusts, and none or another one was presented.",
                fix: "Link a client certificate credential the service accepts.")
        }
        return ConnectorError(
            .tlsCertificate, message: "The TLS handshake with \(endpoint) failed: \(short).",
            cause: "The service's TLS setup does not match the client's (protocol versions, ciphers, client certificate).",
            fix: "Check the service's TLS settings and the connector's client certificate, or turn verification off for development.")
    }

    /// BoringSSL's reason name (`TLSV1_ALERT_PROTOCOL_VERSION`) out of an error description, else the description shortened.
    static func reasonCode(_ description: String) -> String {
        if let marker = description.range(of: "OPENSSL_internal:") {
            let code = description[marker.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !code.isEmpty { return String(code) }
        }
        return description.count > 200 ? String(description.prefix(200)) + "…" : description
    }
}
