import PlugboardCore

/// What one HTTP service is, as a node declares it: where it lives, how a credential applies to it, how long and how
/// often a request may try, and how its failure statuses read. `HTTPServiceClient` does the rest the same way for
/// every HTTP node.
public struct HTTPService: Sendable {
    /// Names the service in messages, such as `api.example.com`.
    public var name: String
    /// Every request's path is appended to this, as given.
    public var baseURL: String
    /// Headers every request carries; a request's own and the credential's replace them by name.
    public var defaultHeaders: [(String, String)]
    /// Time one attempt may take, connecting included; the call's deadline bounds every attempt as well.
    public var attemptTimeout: Duration
    /// Retries for idempotent requests after refused or timed-out connections and 429, 502, 503 and 504 (and for any
    /// request after 429 and 503 when the policy says so).
    public var retryPolicy: HTTPRetryPolicy
    /// How the call's credential becomes headers, query parameters or a path segment.
    public var authenticate: HTTPCallAuthentication.Authenticate
    /// The node's own reading of a response that failed (an error envelope with HTTP 200, a vendor's error codes);
    /// nil falls back to `HTTPStatusFailure`.
    public var failure: @Sendable (HTTPResponseMessage, Redactor) -> ConnectorError?
    /// The seconds a refusal (429, 503) asks to wait before the next attempt: the `Retry-After` header, unless the
    /// service says it in its body (Telegram's `parameters.retry_after`).
    public var retryAfter: @Sendable (HTTPResponseMessage) -> Double? = HTTPRetryPolicy.retryAfterHeader
    /// Whether a response refuses for load whatever its status (Google's 403 `rateLimitExceeded`): it is retried as a
    /// 429 is, waiting `retryAfter`.
    public var isRefusal: @Sendable (HTTPResponseMessage) -> Bool = { _ in false }

    /// A service at `baseURL`; without retries, with the credential applied as `HTTPAuthentication` does, and
    /// failure statuses read by `HTTPStatusFailure`.
    public init(
        name: String, baseURL: String, defaultHeaders: [(String, String)] = [], attemptTimeout: Duration = .seconds(30),
        retryPolicy: HTTPRetryPolicy = HTTPRetryPolicy(retries: 0, baseDelay: .milliseconds(500)),
        authenticate: @escaping HTTPCallAuthentication.Authenticate = { credential throws(ConnectorError) in
            try HTTPAuthentication(credential: credential)
        },
        failure: @escaping @Sendable (HTTPResponseMessage, Redactor) -> ConnectorError? = { _, _ in nil }
    ) {
        self.name = name
        self.baseURL = baseURL
        self.defaultHeaders = defaultHeaders
        self.attemptTimeout = attemptTimeout
        self.retryPolicy = retryPolicy
        self.authenticate = authenticate
        self.failure = failure
    }
}
