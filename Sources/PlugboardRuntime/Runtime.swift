import Foundation
import Logging
import PlugboardCore
import PlugboardStore
import Synchronization

/// Executes actions: resolves the connector, validates input, opens the credential, lends a pooled session,
/// enforces the deadline, redacts secrets from what comes back, and logs the execution.
public final class Runtime: Sendable {
    /// Where connectors, credentials and executions are read and written.
    public let store: any Store
    /// The connector types this runtime can execute.
    public let registry: DriverRegistry
    /// Opens credentials for calls and keeps OAuth2 tokens fresh.
    public let vault: CredentialVault
    /// Every connector's session pool.
    public let pools: SessionPools
    /// Buffers execution records and writes them in batches.
    public let executionLog: ExecutionLog
    /// Creates, updates and deletes connectors, retiring their pools.
    public let catalog: ConnectorCatalog
    let network: any NetworkAccess
    let metrics: RuntimeMetrics
    /// The metrics the runtime reports, for gauges sampled at scrape time.
    public var metricsReporter: RuntimeMetrics { metrics }
    let logger: Logger
    let state = Mutex(State())

    /// The deadline an execution gets when the caller names none.
    public static let defaultTimeout: Duration = .seconds(60)
    /// The longest deadline an execution or test may ask for; longer ones are cut to this.
    public static let maximumTimeout: Duration = .seconds(600)

    struct State {
        var inFlight = 0
        var draining = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    /// A runtime over `store`, building its credential vault, session pools, execution log and connector catalog.
    public init(
        store: any Store, registry: DriverRegistry, box: SecretBox, network: any NetworkAccess, metrics: RuntimeMetrics,
        logger: Logger
    ) {
        self.store = store
        self.registry = registry
        self.network = network
        self.metrics = metrics
        self.logger = logger
        self.vault = CredentialVault(store: store, box: box, network: network)
        self.pools = SessionPools()
        self.executionLog = ExecutionLog(store: store, logger: logger)
        self.catalog = ConnectorCatalog(store: store, registry: registry, pools: pools)
    }

    /// What an execution returns: its id, duration and output (also serialized, for the response body).
    public struct Outcome: Sendable {
        /// Id of the execution's record in the execution log.
        public var executionID: String
        /// Time from the request to the action's result, pool wait included.
        public var duration: Duration
        /// The action's output, secrets redacted.
        public var output: JSONValue
        /// `output` serialized as JSON, ready for the response body.
        public var outputBytes: [UInt8]
    }

    /// Runs `action` of the connector named by `reference` (id or name) in `application`.
    public func execute(
        application: ApplicationRecord, connector reference: String, action actionName: String, input: JSONValue,
        inputBytes: Int, caller: Caller, timeout: Duration? = nil
    ) async throws -> Outcome {
        let started = ContinuousClock.now
        let startedAt = Date()
        let deadline = started + min(timeout ?? Self.defaultTimeout, Self.maximumTimeout)
        guard let connector = try await store.connector(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("connector", reference)
        }
        let driver = try registry.driver(for: connector.type)
        guard let action = driver.descriptor.action(named: actionName) else {
            throw ConnectorError(
                .notFound, message: "The \(driver.descriptor.displayName) connector has no action '\(actionName)'.",
                fix: "Use one of: \(driver.descriptor.actions.map(\.name).joined(separator: ", ")).")
        }
        let filledInput = Schema.applyingDefaults(to: input, schema: action.inputSchema)
        try SchemaValidator.validate(filledInput, against: action.inputSchema)

        let executionID = Identifier.make("exe")
        var record = ExecutionRecord(
            id: executionID, applicationID: application.id, connectorID: connector.id, connectorName: connector.name,
            action: actionName, tokenName: caller.tokenName, status: "succeeded", errorCode: nil, durationMs: 0,
            inputBytes: inputBytes, outputBytes: 0, startedAt: startedAt)
        do {
            let (output, credential) = try await tracked {
                try await withPooledSession(connector, driver: driver, deadline: deadline) { session, credential in
                    try await Self.withDeadline(deadline) {
                        let context = DriverContext(
                            network: self.network, deadline: deadline, logger: self.logger.redacting(credential?.secretValues ?? []),
                            credential: credential)
                        return try await driver.run(action: actionName, session: session, input: filledInput, context: context)
                    }
                }
            }
            let redacted = Redactor(secrets: credential?.secretValues ?? []).redact(output)
            let bytes = redacted.jsonBytes()
            let duration = ContinuousClock.now - started
            record.durationMs = duration.milliseconds
            record.outputBytes = bytes.count
            finish(record, type: connector.type, duration: duration)
            return Outcome(executionID: executionID, duration: duration, output: redacted, outputBytes: bytes)
        } catch {
            let failure = Redactor(secrets: await secretValues(of: connector)).redact(Self.connectorError(from: error, logger: logger))
            let duration = ContinuousClock.now - started
            record.status = "failed"
            record.errorCode = failure.code.rawValue
            record.durationMs = duration.milliseconds
            finish(record, type: connector.type, duration: duration)
            logger.notice(
                "Execution failed",
                metadata: [
                    "execution": "\(executionID)", "connector": "\(connector.name)", "action": "\(actionName)",
                    "code": "\(failure.code)", "message": "\(failure.message)", "fix": "\(failure.fix)",
                ])
            throw failure
        }
    }

    private func finish(_ record: ExecutionRecord, type: String, duration: Duration) {
        executionLog.append(record)
        metrics.recordExecution(type: type, action: record.action, status: record.status, duration: duration)
    }

    /// Lends `body` a session of the connector's pool with the credential for the call; when the connector or its
    /// credential changed while this execution waited, it moves once to the new version's pool.
    func withPooledSession<T: Sendable>(
        _ connector: ConnectorRecord, driver: AnyConnectorDriver, deadline: ContinuousClock.Instant,
        _ body: @escaping @Sendable (any ConnectorSession, Credential?) async throws -> T
    ) async throws -> (T, Credential?) {
        for _ in 0..<2 {
            let (pool, credential) = try await prepare(connector, driver: driver, deadline: deadline)
            do {
                return (try await pool.withSession(deadline: deadline) { session in try await body(session, credential) }, credential)
            } catch is SessionPool.Retired {
                continue
            }
        }
        throw ConnectorError(.unavailable, message: "The connector changed again while this execution waited for it; retry.")
    }

    /// The secret values of a connector's credential, to redact failures whatever stage they happened at.
    func secretValues(of connector: ConnectorRecord) async -> [String] {
        guard let id = connector.credentialID, let record = try? await store.credential(applicationID: connector.applicationID, id),
            let credential = try? vault.open(record)
        else { return [] }
        return credential.secretValues
    }

    /// The pool for this connector version (opening sessions with its options) and the credential for the call.
    func prepare(_ connector: ConnectorRecord, driver: AnyConnectorDriver, deadline: ContinuousClock.Instant) async throws -> (SessionPool, Credential?) {
        var credential: Credential?
        var credentialVersion = 0
        if let credentialID = connector.credentialID {
            guard let record = try await store.credential(applicationID: connector.applicationID, credentialID) else {
                throw ConnectorError.notFound("credential", credentialID)
            }
            credential = try await vault.credentialForCall(record, logger: logger)
            credentialVersion = record.version
        }
        let sessionCredential = credential
        let network = self.network
        let logger = self.logger
        let pool = try await pools.pool(
            connectorID: connector.id,
            key: SessionPools.Key(connectorVersion: connector.version, credentialVersion: credentialVersion)
        ) {
            let configured = try driver.configure(connector.options)
            return (configured.pooling, { deadline in
                let context = DriverContext(
                    network: network, deadline: deadline, logger: logger.redacting(sessionCredential?.secretValues ?? []),
                    credential: sessionCredential)
                return try await driver.openSession(configured, context: context)
            })
        }
        return (pool, credential)
    }
}
