import PlugboardCore

/// Maps listener refusals, ORA errors and broken connections to the `ConnectorError` a user can act on. Oracle's own
/// message and number are kept (in the message and in `details.oraCode`); nothing here ever holds the password.
struct OracleFailure: Sendable {
    /// `host:port`, for messages.
    var endpoint: String
    /// `service FREEPDB1` or `SID FREE`.
    var target: String
    /// Whether the statement ran in a read-only connector.
    var readOnly = false

    func map(_ error: any Error) -> ConnectorError {
        switch error {
        case let error as ConnectorError: return error
        case let error as OracleServerError: return server(error)
        case is CancellationError: return ConnectorError(.cancelled, message: "The call to \(endpoint) was cancelled.")
        case OracleWireError.closed:
            return ConnectorError(
                .upstreamError, message: "The connection to \(endpoint) was closed.",
                cause: "The server ended the session or restarted, or the network dropped the connection.",
                fix: "Retry; the next execution reconnects.", retryable: true)
        case OracleWireError.failed(let reason):
            return ConnectorError(.upstreamError, message: "The connection to \(endpoint) failed: \(reason).", retryable: true)
        case let error as TTCDecodingError:
            return ConnectorError(
                .upstreamError, message: "\(endpoint) sent a response the node cannot read: \(error.description).",
                cause: "The server is not an Oracle Database the thin protocol supports, or the response was cut.",
                fix: "Check that the host and port point at an Oracle listener (12.1 or later).")
        case let error as OracleValueError:
            return ConnectorError(.unsupported, message: "The result has \(error.description).")
        default:
            return ConnectorError(.upstreamError, message: "The Oracle call to \(endpoint) failed (\(String(describing: type(of: error)))).")
        }
    }

    /// A listener's REFUSE: `(ERR=12514)` and the like.
    func refused(code: Int?, text: String) -> ConnectorError {
        let details: JSONValue = ["oraCode": .string(code.map { Self.oraCode($0) } ?? "")]
        switch code {
        case 12514:
            return ConnectorError(
                .connectionRefused, message: "The listener at \(endpoint) does not know \(target) (ORA-12514).",
                cause: "No database instance has registered that service name with this listener.",
                fix: "Check the service name (lsnrctl services lists them), or use the SID or an Easy Connect string.", details: details)
        case 12505:
            return ConnectorError(
                .connectionRefused, message: "The listener at \(endpoint) does not know \(target) (ORA-12505).",
                cause: "No database instance with that SID has registered with this listener.",
                fix: "Check the SID, or connect by service name instead.", details: details)
        case 12516, 12519, 12520:
            return ConnectorError(
                .tooManyConnections, message: "The listener at \(endpoint) has no free handler for \(target) (ORA-\(code ?? 0)).",
                cause: "The database reached its PROCESSES or SESSIONS limit.",
                fix: "Lower this connector's pool size or other clients' connections, or raise the database's PROCESSES parameter.",
                retryable: true, details: details)
        default:
            return ConnectorError(
                .connectionRefused, message: "The listener at \(endpoint) refused the connection\(code.map { " (\(Self.oraCode($0)))" } ?? "").",
                cause: text.isEmpty ? "The listener gave no reason." : "The listener said: \(text)", details: details)
        }
    }

    /// An ORA error the server returned for a call.
    func server(_ error: OracleServerError) -> ConnectorError {
        let code = Self.oraCode(Int(error.number))
        var facts: JSONObject = ["oraCode": .string(code)]
        if error.position > 0 { facts["position"] = .integer(Int64(error.position)) }
        let details = JSONValue.object(facts)
        let message = error.message.isEmpty ? code : error.message
        switch error.number {
        case 1017, 28000, 28001, 1005, 1004:
            return ConnectorError(
                .authenticationFailed, message: "Oracle refused the login: \(message)",
                cause: "The user name or password is wrong, or the account is locked or expired.",
                fix: "Check the credential's user and password, and the account's status.", details: details)
        case 18, 20, 12516, 12519, 12520:
            return ConnectorError(
                .tooManyConnections, message: "Oracle has no free session: \(message)",
                cause: "The database reached its SESSIONS or PROCESSES limit.",
                fix: "Lower this connector's pool size or other clients' connections, or raise the SESSIONS parameter.",
                retryable: true, details: details)
        case 942:
            return ConnectorError(
                .notFound, message: "Oracle says: \(message)", cause: "The table or view does not exist, or this user cannot see it.",
                fix: "Check the name and schema (describe lists what the user can see).", field: "sql", details: details)
        case 1031, 1456, 1035, 1045:
            return ConnectorError(
                .permissionDenied, message: "Oracle refused the statement: \(message)",
                cause: readOnly ? "The connector is read-only: statements run in a READ ONLY transaction." : "The user lacks a privilege.",
                fix: readOnly ? "Turn on 'Allow writes' for this connector if it should change data." : "Grant the user the privilege it needs.",
                details: details)
        case 1013:
            return ConnectorError(
                .statementTimeout, message: "The statement ran past the statement timeout and was cancelled: \(message)",
                cause: "The statement took longer than the connector's statement timeout.",
                fix: "Make the statement do less (filters, indexes, FETCH FIRST), or raise the connector's statement timeout.",
                retryable: true, details: details)
        case 28, 1012, 1092, 3113, 3114, 3135:
            return ConnectorError(
                .upstreamError, message: "The Oracle session at \(endpoint) ended: \(message)", fix: "Retry; the next execution reconnects.",
                retryable: true, details: details)
        case 1033, 1034, 1089, 1090, 12528, 12537:
            return ConnectorError(
                .connectionRefused, message: "Oracle at \(endpoint) is not open: \(message)", cause: "The database is starting or shutting down.",
                fix: "Retry in a moment.", retryable: true, details: details)
        default:
            if Self.isInputError(error.number) {
                return ConnectorError(
                    .invalidInput, message: message, cause: "Oracle refused the statement (\(code)).",
                    fix: "Correct the SQL or the values.", field: "sql", details: details)
            }
            return ConnectorError(.upstreamError, message: "Oracle reported an error: \(message)", details: details)
        }
    }

    /// Errors in the SQL or the values: syntax and names (900–999), values and constraints (1, 1400–1499, 1722,
    /// 1800–1899, 2290–2292, 12899), PL/SQL (6502, 6550).
    private static func isInputError(_ number: UInt32) -> Bool {
        [1, 1722, 2290, 2291, 2292, 12899, 6502, 6550, 1008, 1036, 1006].contains(number)
            || (900...999).contains(number) || (1400...1499).contains(number) || (1800...1899).contains(number)
    }

    static func oraCode(_ number: Int) -> String {
        let digits = String(number)
        return "ORA-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
