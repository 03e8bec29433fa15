import CCurl
import PlugboardCore

/// Turns a failed FTP transfer into the error taxonomy: libcurl's result first, then the server's last reply.
enum FTPFailure {
    static func error(_ outcome: CurlOutcome, path: String?, endpoint: String) -> any Error {
        if outcome.cancelled { return CancellationError() }
        if let denial = outcome.denial { return ConnectorError(.egressDenied, message: denial) }
        if outcome.overLimit {
            return ConnectorError(.payloadTooLarge, message: "'\(path ?? "")' is larger than the connector's largest download.", fix: "Raise maxDownloadBytes on the connector.")
        }
        let reply = outcome.replies.last
        let said = reply.map { " The server said: \($0.code) \($0.text.prefix(300))" } ?? ""
        switch outcome.code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            return ConnectorError(.connectionRefused, message: "Could not connect to the FTP server at \(endpoint): \(outcome.message).", fix: "Check the host, the port and that the server is running.")
        case CURLE_OPERATION_TIMEDOUT:
            return ConnectorError(.timedOut, message: "The FTP server at \(endpoint) did not finish in time: \(outcome.message).")
        case CURLE_LOGIN_DENIED:
            return ConnectorError(.authenticationFailed, message: "The FTP server refused the login.\(said)", fix: "Check the credential's username and password.")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            return ConnectorError(
                .tlsCertificate, message: "The FTP server's TLS certificate was not accepted: \(outcome.message).",
                fix: "Trust its authority with caCertificate, or turn verifyTls off for a development server.")
        case CURLE_SSL_CONNECT_ERROR:
            return ConnectorError(
                .upstreamError, message: "The TLS handshake with \(endpoint) failed: \(outcome.message).",
                fix: "Check the encryption: implicit TLS is TLS from the first byte (port 990), explicit upgrades with AUTH TLS (port 21).")
        case CURLE_USE_SSL_FAILED:
            return ConnectorError(
                .upstreamError, message: "The FTP server at \(endpoint) does not offer TLS (AUTH TLS).\(said)",
                fix: "Use implicit TLS if the server speaks it; encryption none sends the password in clear.")
        case CURLE_REMOTE_FILE_NOT_FOUND:
            return ConnectorError(.notFound, message: "'\(path ?? "")' does not exist on the server.\(said)")
        case CURLE_WRITE_ERROR, CURLE_ABORTED_BY_CALLBACK:
            return ConnectorError(.upstreamError, message: "The transfer of '\(path ?? "")' was stopped: \(outcome.message).")
        default:
            if let reply, reply.code >= 400 { return error(reply, path: path, said: said) }
            return ConnectorError(.upstreamError, message: "The FTP transfer with \(endpoint) failed: \(outcome.message).\(said)")
        }
    }

    /// A refusal by the server (a 4xx or 5xx reply to a command).
    static func error(_ reply: FTPReply, path: String?, said: String) -> ConnectorError {
        let text = reply.text.lowercased()
        let subject = path.map { "'\($0)'" } ?? "The command"
        switch reply.code {
        case 530: return ConnectorError(.authenticationFailed, message: "The FTP server refused the login.\(said)", fix: "Check the credential's username and password.")
        case 421: return ConnectorError(.unavailable, message: "The FTP server closed the connection.\(said)")
        case 452, 552: return ConnectorError(.upstreamError, message: "The FTP server has no room for \(subject).\(said)")
        case 553 where text.contains("exist"), 550 where text.contains("exist") && !text.contains("not exist") && !text.contains("no such"):
            return ConnectorError(.alreadyExists, message: "\(subject) already exists.\(said)")
        case 550 where text.contains("denied") || text.contains("permission") || text.contains("not permitted"), 553:
            return ConnectorError(.permissionDenied, message: "The FTP server refused \(subject).\(said)", fix: "Check the account's permissions on the server.")
        case 550: return ConnectorError(.notFound, message: "\(subject) was not found, or the server refused it.\(said)")
        case 522: return ConnectorError(.upstreamError, message: "The server refused the data connection's TLS.\(said)")
        default: return ConnectorError(.upstreamError, message: "The FTP server refused \(subject).\(said)")
        }
    }
}
