import PlugboardCore

/// When an HTTP call is tried again and how long to wait: exponential backoff with full jitter, capped.
///
/// Only idempotent methods are retried, and only after a refused or timed-out connection or a 429, 502, 503 or 504.
public struct HTTPRetryPolicy: Sendable {
    /// Methods that may be sent twice without changing the outcome.
    public static let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]
    /// Statuses that say "try again later".
    public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]
    /// Statuses that say the request was not processed, so even a POST may be sent again.
    public static let unprocessedStatuses: Set<Int> = [429, 503]
    /// Connection failures worth another attempt.
    public static let retryableCodes: Set<ConnectorError.Code> = [.connectionRefused, .connectionTimedOut]

    /// The `retries` option of nodes that retry: attempts after the first (the default is the property's own).
    public static func retriesField<Root: FieldSet>(_ keyPath: WritableKeyPath<Root, Int> & Sendable) -> Field<Root> {
        Field(
            "retries", keyPath, title: "Retries",
            description: "Further attempts for GET, HEAD, OPTIONS, PUT and DELETE after a refused or timed-out connection, or a 429, 502, 503 or 504.",
            minimum: 0, maximum: 10)
    }

    /// Attempts after the first.
    public var retries: Int
    /// The backoff ceiling for the first retry; it doubles for each further one.
    public var baseDelay: Duration
    /// No single wait computed from backoff exceeds this.
    public var maximumDelay: Duration
    /// Whether a request of any method is sent again after 429 or 503, which say the service did not process it
    /// (SaaS APIs that rate-limit); off keeps non-idempotent requests to one attempt.
    public var retriesUnprocessed: Bool

    /// A policy; negative values count as zero.
    public init(retries: Int, baseDelay: Duration, maximumDelay: Duration = .seconds(30), retriesUnprocessed: Bool = false) {
        self.retries = max(0, retries)
        self.baseDelay = max(.zero, baseDelay)
        self.maximumDelay = maximumDelay
        self.retriesUnprocessed = retriesUnprocessed
    }

    /// Whether a request with `method` may be retried at all.
    public func allowsRetry(of method: String) -> Bool {
        retries > 0 && Self.idempotentMethods.contains(method.uppercased())
    }

    /// The wait before retry number `retry` (1 for the first): a uniform draw from zero to the capped exponential ceiling.
    public func backoff(beforeRetry retry: Int) -> Duration {
        let ceiling = min(maximumDelay, baseDelay * (1 << min(max(0, retry - 1), 20)))
        let nanoseconds = ceiling.nanoseconds
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds))
    }
}
