import Logging
import Synchronization

/// What a driver gets for one call (an action, a connection test, a check or a discovery): its deadline, the
/// credential read for it, a logger and the call's redactor.
public struct CallContext: Sendable {
    /// Guarded dialers; the only way a driver reaches the network.
    public var network: any NetworkAccess
    /// When this call must be finished.
    public var deadline: ContinuousClock.Instant
    /// Logs for this call; every line passes the call's redactor.
    public var logger: Logger
    /// The decrypted credential, read once for this call, and replaced for the rest of the call when a refresh after a
    /// 401 gives a new one (so later requests of the same call send the new token at once).
    public var credential: Credential? { current.value.withLock { $0 } }
    private let current: CurrentCredential
    /// The call's secrets; a driver adds the ones it derives (an encoded key, a Basic blob) so nothing it sends can
    /// come back out in a result, an error or a log line.
    public let redactor: CallRedactor
    /// Where the connector's credential is read as it is now (rotated or refreshed); nil without a credential.
    public let credentials: (any CredentialProvider)?
    /// Where a streaming action sends its pieces while it runs; nil when the caller takes only the output.
    public var events: ActionEventSink?
    /// Tokens the call used, for the execution's record.
    public var usage = UsageMeter()
    /// The application's tools, for an action that runs an agent; nil outside an execution (a connection test).
    public var toolbox: (any AgentToolbox)?

    /// A context whose logger redacts through `redactor`; `credentials` refreshes the credential after a 401.
    public init(
        network: any NetworkAccess, deadline: ContinuousClock.Instant, logger: Logger, credential: Credential?,
        redactor: CallRedactor = CallRedactor(), credentials: (any CredentialProvider)? = nil
    ) {
        self.network = network
        self.deadline = deadline
        self.logger = logger.redacting(with: redactor)
        self.current = CurrentCredential(credential)
        self.redactor = redactor
        self.credentials = credentials
    }

    /// Time left before the deadline, never negative.
    public var remaining: Duration {
        max(.zero, deadline - ContinuousClock.now)
    }

    /// A fresh OAuth2 access token after the service refused this call's (a 401), shared with concurrent calls;
    /// nil when the credential cannot be refreshed. The new token's secrets join the call's redactor.
    public func refreshCredential() async throws -> Credential? {
        guard let credentials, let credential else { return nil }
        guard let fresh = try await credentials.refresh(rejected: credential) else { return nil }
        redactor.add(fresh.secretValues)
        current.value.withLock { $0 = fresh }
        return fresh
    }
}

/// The credential of one call, shared by the copies of its context.
private final class CurrentCredential: Sendable {
    let value: Mutex<Credential?>

    init(_ credential: Credential?) {
        value = Mutex(credential)
    }
}

/// Where the runtime reads a connector's credential: the current version, cached decrypted, and refreshed when an
/// OAuth2 token expires or a service refuses it.
public protocol CredentialProvider: Sendable {
    /// The credential to use now; OAuth2 tokens close to expiry are refreshed first.
    func current() async throws -> Credential?
    /// A fresh credential after a service refused `rejected`; nil when it cannot be refreshed. Concurrent calls that
    /// were refused the same token share one refresh.
    func refresh(rejected: Credential) async throws -> Credential?
}
