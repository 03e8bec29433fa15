import Logging

/// What a driver gets to open a session: the session lives across many calls, so this holds only what lasts as long as
/// it does. Each call brings its own deadline, credential and redactor in a `CallContext`.
public struct SessionContext: Sendable {
    /// Guarded dialers; the only way a driver reaches the network.
    public var network: any NetworkAccess
    /// When opening must be finished (connecting, handshakes, fetching a service description).
    public var deadline: ContinuousClock.Instant
    /// Logs of the session, with the credential's secrets redacted.
    public var logger: Logger
    /// The credential as it was when the session opened: what a connection is built with (a client certificate, a
    /// database password). Calls read the current one from their `CallContext`.
    public var credential: Credential?

    public init(network: any NetworkAccess, deadline: ContinuousClock.Instant, logger: Logger, credential: Credential?) {
        self.network = network
        self.deadline = deadline
        self.logger = logger
        self.credential = credential
    }

    /// Time left for opening, never negative.
    public var remaining: Duration {
        max(.zero, deadline - ContinuousClock.now)
    }
}
