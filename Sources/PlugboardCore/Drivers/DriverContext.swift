import Logging

/// What the runtime hands a driver for one session opening or one action: the network, the deadline,
/// a logger and the credential.
public struct DriverContext: Sendable {
    /// Guarded dialers; the only way a driver reaches the network.
    public var network: any NetworkAccess
    /// When this call must be finished.
    public var deadline: ContinuousClock.Instant
    /// Logs for this call, with the credential's secret values redacted.
    public var logger: Logger
    /// The decrypted credential, for this call only.
    public var credential: Credential?

    /// Fetches a fresh OAuth2 access token for the credential, when the service refused the current one (a 401);
    /// nil when the credential cannot be refreshed.
    public var refreshCredential: @Sendable () async throws -> Credential?

    public init(
        network: any NetworkAccess, deadline: ContinuousClock.Instant, logger: Logger, credential: Credential?,
        refreshCredential: @escaping @Sendable () async throws -> Credential? = { nil }
    ) {
        self.network = network
        self.deadline = deadline
        self.logger = logger
        self.credential = credential
        self.refreshCredential = refreshCredential
    }

    /// Time left before the deadline, never negative.
    public var remaining: Duration {
        max(.zero, deadline - ContinuousClock.now)
    }
}
