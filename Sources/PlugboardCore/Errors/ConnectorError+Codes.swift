extension ConnectorError.Code {
    /// The host is unreachable, refused the connection, or did not resolve.
    public static let connectionRefused = Self("connection_refused")
    /// The service rejected the credential as invalid or expired.
    public static let authenticationFailed = Self("authentication_failed")
    /// No connection was established within the connection timeout.
    public static let connectionTimedOut = Self("connection_timed_out")
    /// The service's TLS certificate is untrusted, expired or for another name.
    public static let tlsCertificate = Self("tls_certificate")
    /// The session pool, here or at the service, has no connection to spare.
    public static let tooManyConnections = Self("too_many_connections")
    /// Reading the service's schema (tables, columns) failed, usually for lack of read permission.
    public static let schemaDiscoveryFailed = Self("schema_discovery_failed")
    /// A connector's options or the server's settings are missing a field or have a wrong one.
    public static let invalidConfiguration = Self("invalid_configuration")
    /// A request or action input does not match its schema or rules.
    public static let invalidInput = Self("invalid_input")
    /// No application, connector, credential, action or token has that id or name.
    public static let notFound = Self("not_found")
    /// The name is already taken within the application.
    public static let alreadyExists = Self("already_exists")
    /// The credential or API token is valid but may not do this.
    public static let permissionDenied = Self("permission_denied")
    /// The request to Plugboard carried no valid API token.
    public static let unauthorized = Self("unauthorized")
    /// The service is limiting the request rate; `retryAfter` says how long to wait.
    public static let rateLimited = Self("rate_limited")
    /// The service answered with an error; its message is in the details.
    public static let upstreamError = Self("upstream_error")
    /// The egress policy refuses the address the host resolved to.
    public static let egressDenied = Self("egress_denied")
    /// The caller went away or the server is shutting down, so the execution stopped.
    public static let cancelled = Self("cancelled")
    /// The execution ran past its deadline.
    public static let timedOut = Self("timed_out")
    /// A database statement ran past its statement timeout; the session stays usable.
    public static let statementTimeout = Self("statement_timeout")
    /// The connector or credential is still used by what the details list, so it cannot be deleted.
    public static let connectorInUse = Self("connector_in_use")
    /// The record changed between reading and writing it.
    public static let conflict = Self("conflict")
    /// A request or response body is larger than its limit.
    public static let payloadTooLarge = Self("payload_too_large")
    /// Plugboard is starting or shutting down.
    public static let unavailable = Self("unavailable")
    /// Plugboard does not implement what this needs (an algorithm, a key type, a protocol feature).
    public static let unsupported = Self("unsupported")
    /// An unexpected fault inside Plugboard; the server log has more.
    public static let internalError = Self("internal_error")

    struct Defaults {
        var cause: String
        var fix: String
        var retryable: Bool
    }

    static let defaults: [ConnectorError.Code: Defaults] = [
        .connectionRefused: .init(cause: "Host unreachable or wrong port.", fix: "Verify host, port and network access.", retryable: true),
        .authenticationFailed: .init(cause: "Invalid or expired credential.", fix: "Check the linked credential.", retryable: false),
        .connectionTimedOut: .init(cause: "Network or firewall.", fix: "Verify network access; raise the connection timeout.", retryable: true),
        .tlsCertificate: .init(cause: "Untrusted or expired certificate.", fix: "Update the certificate, or turn verification off for development.", retryable: false),
        .tooManyConnections: .init(cause: "Pool exhausted, here or at the service.", fix: "Lower concurrency or raise pool limits.", retryable: true),
        .schemaDiscoveryFailed: .init(cause: "Missing read permissions.", fix: "Grant read permissions on the target.", retryable: false),
        .invalidConfiguration: .init(cause: "A connection field is missing or has the wrong type.", fix: "Correct the field named in the error.", retryable: false),
        .unsupported: .init(
            cause: "Plugboard does not implement what this needs, such as a key type or an algorithm.",
            fix: "Use a supported alternative; the message names them.", retryable: false),
        .invalidInput: .init(cause: "The input does not match what was expected.", fix: "Correct the field named in the error.", retryable: false),
        .notFound: .init(cause: "Nothing with that id or name exists here.", fix: "Check the id or name, and the application it belongs to.", retryable: false),
        .alreadyExists: .init(cause: "The name is taken in this application.", fix: "Choose another name, or update the existing one.", retryable: false),
        .permissionDenied: .init(cause: "The credential or token may not do this.", fix: "Use a credential or token with the needed permission.", retryable: false),
        .unauthorized: .init(cause: "No valid API token was sent.", fix: "Send 'Authorization: Bearer <token>' with a valid token.", retryable: false),
        .rateLimited: .init(cause: "The service is limiting request rate.", fix: "Wait for the retry-after period, then retry; lower the request rate.", retryable: true),
        .upstreamError: .init(cause: "The service answered with an error.", fix: "Read the service's message in the details; retry if it is temporary.", retryable: true),
        .egressDenied: .init(cause: "The address is outside what this Plugboard may connect to.", fix: "Use another address, or ask an administrator to change PLUGBOARD_EGRESS_ALLOW.", retryable: false),
        .cancelled: .init(cause: "The caller went away or the server is shutting down.", fix: "Retry the request.", retryable: true),
        .timedOut: .init(cause: "The action ran past its deadline.", fix: "Raise the timeout, or make the action do less.", retryable: true),
        .statementTimeout: .init(cause: "The statement ran longer than the connector's statement timeout.", fix: "Make the statement do less (add a WHERE or LIMIT, use an index), or raise the statement timeout.", retryable: true),
        .connectorInUse: .init(cause: "Something listed in the details still uses it.", fix: "Remove or re-point what is listed in the details first.", retryable: false),
        .conflict: .init(cause: "Another request changed it first.", fix: "Read it again and retry.", retryable: true),
        .payloadTooLarge: .init(cause: "The request body is larger than the limit.", fix: "Send a smaller body.", retryable: false),
        .unavailable: .init(cause: "Plugboard is starting or shutting down.", fix: "Retry in a moment.", retryable: true),
        .internalError: .init(cause: "An unexpected fault inside Plugboard.", fix: "Retry; if it persists, report it with the server log.", retryable: true),
    ]
}

extension ConnectorError {
    /// `not_found` for a `what` (such as "connector") named or identified by `reference`.
    public static func notFound(_ what: String, _ reference: String) -> ConnectorError {
        ConnectorError(.notFound, message: "No \(what) '\(reference)' was found.")
    }

    /// `invalid_input`, with the default cause and fix.
    public static func invalidInput(_ message: String, field: String? = nil, details: JSONValue? = nil) -> ConnectorError {
        ConnectorError(.invalidInput, message: message, field: field, details: details)
    }

    /// `invalid_configuration`, with the default cause and fix.
    public static func invalidConfiguration(_ message: String, field: String? = nil, details: JSONValue? = nil) -> ConnectorError {
        ConnectorError(.invalidConfiguration, message: message, field: field, details: details)
    }


    /// `internal_error`, for faults that are Plugboard's and not the caller's.
    public static func `internal`(_ message: String) -> ConnectorError {
        ConnectorError(.internalError, message: message)
    }
}
