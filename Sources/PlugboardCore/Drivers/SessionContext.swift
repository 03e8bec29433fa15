import Logging
import Synchronization

/// What a driver gets to open a session: the session lives across many calls, so this holds only what lasts as long as
/// it does. Each call brings its own deadline, credential and redactor in a `CallContext`.
public struct SessionContext: Sendable {
    /// Guarded dialers; the only way a driver reaches the network.
    public var network: any NetworkAccess
    /// When opening must be finished (connecting, handshakes, fetching a service description).
    public var deadline: ContinuousClock.Instant
    /// Logs of the session, with the credential's secrets redacted.
    public var logger: Logger
    /// The credential as it is now, rotated or refreshed: for a session that reconnects on its own long after it
    /// opened (a subscription). Nil when the connector has no credential.
    public let credentials: (any CredentialProvider)?
    /// Stores options the driver learned while opening on the saved connector (an SSH host key trusted on first use is
    /// pinned from then on); the change is a new connector version. Does nothing for a draft being tested.
    public var learn: @Sendable (JSONObject) async throws -> Void = { _ in }
    private let openingCredential: Credential?
    private let binding = CredentialBinding()

    public init(
        network: any NetworkAccess, deadline: ContinuousClock.Instant, logger: Logger, credential: Credential?,
        credentials: (any CredentialProvider)? = nil
    ) {
        self.network = network
        self.deadline = deadline
        self.logger = logger
        self.openingCredential = credential
        self.credentials = credentials
    }

    /// The credential as it was when the session opened, for what a connection is built with (a database password).
    ///
    /// Reading it binds the session to this credential version: when the credential changes (rotated, edited,
    /// refreshed), the pool stops lending the session and closes it once its calls are done. A session that reads
    /// its credential per call, from the `CallContext`, does not read this and lives on.
    public var credential: Credential? {
        if openingCredential != nil { binding.bind() }
        return openingCredential
    }

    /// The credential when it is a client certificate for mutual TLS, which a connection is built with; reading one
    /// binds the session as `credential` does. Nil, binding nothing, for every other kind.
    public var clientCertificate: Credential? {
        guard let openingCredential, openingCredential.kind == .clientCertificate else { return nil }
        binding.bind()
        return openingCredential
    }

    /// Whether opening read the credential, so the session holds that version of it.
    public var boundToCredential: Bool { binding.isBound }

    /// Time left for opening, never negative.
    public var remaining: Duration {
        max(.zero, deadline - ContinuousClock.now)
    }
}

/// Whether a session's opening read its credential, shared by the copies of its context.
private final class CredentialBinding: Sendable {
    private let bound = Atomic(false)

    func bind() { bound.store(true, ordering: .relaxed) }

    var isBound: Bool { bound.load(ordering: .relaxed) }
}
