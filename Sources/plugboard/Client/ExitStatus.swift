/// The exit codes scripts can rely on; `plugboard --help` and the README document the same table.
enum ExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case unexpected = 1
    case usage = 2
    case notFound = 3
    case denied = 4
    case rejected = 5
    case connectorFailed = 6
    case unreachable = 7

    /// The exit status for an API error code, falling back to the HTTP status for codes this CLI does not know.
    static func forError(code: String, httpStatus: Int?) -> ExitStatus {
        switch code {
        case "not_found":
            return .notFound
        case "unauthorized", "permission_denied":
            return .denied
        case "invalid_input", "invalid_configuration", "already_exists", "payload_too_large":
            return .rejected
        case _ where code.hasSuffix("_in_use"):
            return .rejected
        case "connection_refused", "connection_timed_out", "tls_certificate", "authentication_failed",
            "rate_limited", "upstream_error", "timed_out", "too_many_connections", "egress_denied",
            "schema_discovery_failed":
            return .connectorFailed
        case "server_unreachable", "unavailable":
            return .unreachable
        default:
            break
        }
        switch httpStatus {
        case 404: return .notFound
        case 401, 403: return .denied
        case .some(400..<500): return .rejected
        default: return .unexpected
        }
    }

    /// The table printed in `plugboard --help`.
    static let helpTable = """
        EXIT CODES:
          0  success
          1  unexpected error (a bug, or an internal server error)
          2  usage: a missing or malformed argument, option or local file
          3  not found: no such application, credential, connector, type, token
          4  unauthorized or permission denied (missing, wrong or weak token)
          5  rejected: invalid input or configuration, name taken, still in
             use, any other 4xx
          6  the connector or its service failed: connection refused or timed
             out, TLS certificate, authentication failed at the service, rate
             limited, upstream error, timed out, too many connections, egress
             denied
          7  the Plugboard server could not be reached (or is starting or
             stopping)
        """
}
