import NIOCore
import PlugboardCore
import PostgresNIO

/// Maps what PostgresNIO throws to the `ConnectorError` a user can act on.
///
/// Server errors keep PostgreSQL's own message, SQLSTATE, detail and hint; nothing here ever holds the password.
struct PostgreSQLFailure {
    /// `host:port`, for messages.
    var endpoint: String
    var connectTimeout: Duration
    /// Whether the failing statement ran in a read-only connector.
    var readOnly = false

    func map(_ error: any Error) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        if error is CancellationError { return ConnectorError(.cancelled, message: "The statement was cancelled.") }
        guard let error = error as? PSQLError else {
            return ConnectorError(.upstreamError, message: "The PostgreSQL request to \(endpoint) failed (\(String(describing: type(of: error)))).")
        }
        switch error.code {
        case .server:
            return server(error)
        case .connectionError, .uncleanShutdown:
            return connection(error.underlying)
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return ConnectorError(
                .authenticationFailed, message: "\(endpoint) asked for an authentication method the credential cannot answer.",
                fix: "Link a username and password credential, or check pg_hba.conf for this role.")
        case .serverClosedConnection, .clientClosedConnection:
            return ConnectorError(
                .upstreamError, message: "The connection to \(endpoint) was closed (the server restarted or ended the session).",
                cause: "The server restarted, or an administrator ended the session.", fix: "Retry; the next execution reconnects.",
                retryable: true)
        case .queryCancelled:
            return ConnectorError(.cancelled, message: "The statement was cancelled.")
        default:
            return ConnectorError(.upstreamError, message: "The PostgreSQL request to \(endpoint) failed (\(error.code)).")
        }
    }

    private func connection(_ underlying: (any Error)?) -> ConnectorError {
        if let underlying = underlying as? ConnectorError { return underlying }
        if case ChannelError.connectTimeout = underlying as? ChannelError ?? ChannelError.eof {
            return ConnectorError(
                .connectionTimedOut, message: "\(endpoint) accepted the connection but did not complete the login within \(seconds(connectTimeout)).",
                cause: "The port answers but is not a working PostgreSQL server, or the network stalls.",
                fix: "Verify the host and port point at PostgreSQL; raise the connect timeout.")
        }
        return ConnectorError(
            .connectionRefused, message: "The connection to \(endpoint) failed before the login completed.",
            cause: "The server closed the connection, or something else listens on that port.")
    }

    private func server(_ error: PSQLError) -> ConnectorError {
        let info = error.serverInfo
        let state = info?[.sqlState] ?? ""
        let message = info?[.message] ?? "PostgreSQL reported an error."
        var details: JSONObject = ["sqlState": .string(state)]
        if let detail = info?[.detail] { details["detail"] = .string(detail) }
        if let hint = info?[.hint] { details["hint"] = .string(hint) }
        if let position = info?[.position] { details["position"] = .string(position) }
        let facts = JSONValue.object(details)
        switch state {
        case "28P01", "28000":
            return ConnectorError(.authenticationFailed, message: "PostgreSQL refused the login: \(message)", details: facts)
        case "53300":
            return ConnectorError(.tooManyConnections, message: "PostgreSQL has no free connection slot: \(message)",
                cause: "The server's max_connections (or the role's connection limit) is reached.",
                fix: "Lower this connector's pool size or other clients' connections, or raise max_connections.", details: facts)
        case "57014":
            return ConnectorError(
                .statementTimeout, message: "The statement ran past the statement timeout and was cancelled: \(message)",
                cause: "The statement took longer than the connector's statement timeout.",
                fix: "Make the statement do less (filters, indexes, LIMIT), or raise the connector's statement timeout.",
                retryable: true, details: facts)
        case "25006", "42501", "2D000", "25001":
            return ConnectorError(
                .permissionDenied, message: "PostgreSQL refused the statement: \(message)",
                cause: readOnly ? "The connector is read-only: statements run in a READ ONLY transaction." : "The role lacks a privilege.",
                fix: readOnly ? "Turn on 'Allow writes' for this connector if it should change data." : "Grant the role the privilege it needs.",
                details: facts)
        case "3D000":
            return ConnectorError(.invalidConfiguration, message: "PostgreSQL says: \(message)", field: "database", details: facts)
        case "57P01", "57P02", "57P03":
            return ConnectorError(
                .connectionRefused, message: "PostgreSQL at \(endpoint) is shutting down or starting up: \(message)",
                cause: "The server is restarting.", fix: "Retry in a moment.", details: facts)
        default:
            if state.hasPrefix("08") {
                return ConnectorError(.connectionRefused, message: "The connection to \(endpoint) failed: \(message)", details: facts)
            }
            if ["22", "23", "42", "2B", "21", "44", "0A", "P0", "39", "38", "54"].contains(where: state.hasPrefix) {
                return ConnectorError(
                    .invalidInput, message: message, cause: "PostgreSQL refused the statement (SQLSTATE \(state)).",
                    fix: "Correct the SQL or the values; PostgreSQL's detail and hint are in the details.", field: "sql", details: facts)
            }
            return ConnectorError(.upstreamError, message: "PostgreSQL reported an error: \(message)", details: facts)
        }
    }

    private func seconds(_ duration: Duration) -> String {
        let millis = duration.nanoseconds / 1_000_000
        return millis % 1000 == 0 ? "\(millis / 1000) s" : "\(Double(millis) / 1000) s"
    }
}
