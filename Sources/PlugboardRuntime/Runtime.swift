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
    /// Announces connector and tool-binding changes to MCP sessions.
    public let changes: CatalogChanges
    let network: any NetworkAccess
    let metrics: RuntimeMetrics
    /// The metrics the runtime reports, for gauges sampled at scrape time.
    public var metricsReporter: RuntimeMetrics { metrics }
    let logger: Logger
    let contexts: CallContexts
    let state = Mutex(State())
    /// Builds the tools an agent inside an execution may call; installed by the server, which owns the tool tables.
    let toolboxes = Mutex<(any AgentToolboxFactory)?>(nil)

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
        logger: Logger, executionRetention: Duration? = nil
    ) {
        self.store = store
        self.registry = registry
        self.network = network
        self.metrics = metrics
        self.logger = logger
        self.vault = CredentialVault(store: store, box: box, network: network, inspectors: registry.inspectors)
        self.pools = SessionPools()
        self.executionLog = ExecutionLog(store: store, logger: logger, retention: executionRetention)
        let contexts = CallContexts(network: network, vault: vault, logger: logger)
        self.contexts = contexts
        let changes = CatalogChanges()
        self.changes = changes
        var catalog = ConnectorCatalog(store: store, registry: registry, pools: pools, networkCheck: contexts.checkBeforeSave)
        catalog.changes = changes
        self.catalog = catalog
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

    /// Lets actions that run an agent call the application's tools, as `factory` builds them.
    public func install(toolboxes factory: any AgentToolboxFactory) {
        toolboxes.withLock { $0 = factory }
    }

    /// Runs `action` of the connector named by `reference` (id or name) in `application`: an action of the type's
    /// table, or one the connector offers itself (an OpenAPI operation, an MCP server's tool). An action that streams
    /// sends its pieces to `events` while it runs.
    public func execute(
        application: ApplicationRecord, connector reference: String, action actionName: String, input: JSONValue,
        inputBytes: Int, caller: Caller, timeout: Duration? = nil, events: ActionEventSink? = nil
    ) async throws -> Outcome {
        let prepared = try await prepare(
            application: application, connector: reference, action: actionName, input: input, inputBytes: inputBytes, caller: caller,
            timeout: timeout)
        return try await run(prepared, events: events)
    }

    /// An execution checked and ready to run: its connector found and a type action's input validated.
    public struct PreparedExecution: Sendable {
        /// The id its record will have, whether it succeeds or fails.
        public let executionID = Identifier.make("exe")
        let application: ApplicationRecord
        let connector: ConnectorRecord
        let driver: AnyConnectorDriver
        let action: String
        /// The input with its defaults, for an action of the type's table; nil for one the connector offers itself.
        let typeInput: JSONValue?
        let input: JSONValue
        let inputBytes: Int
        let caller: Caller
        let started: ContinuousClock.Instant
        let startedAt: Date
        let deadline: ContinuousClock.Instant
    }

    /// Everything about an execution that can fail before it runs (no such connector or action, input that does not
    /// match the schema), so a caller that streams can still answer those with an error status.
    public func prepare(
        application: ApplicationRecord, connector reference: String, action actionName: String, input: JSONValue,
        inputBytes: Int, caller: Caller, timeout: Duration? = nil
    ) async throws -> PreparedExecution {
        let started = ContinuousClock.now
        let startedAt = Date()
        guard let connector = try await store.connector(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("connector", reference)
        }
        let driver = try registry.driver(for: connector.type)
        let typeAction = driver.descriptor.action(named: actionName)
        // A type's action is validated before anything else happens, with its defaults applied once for both.
        let typeInput = typeAction.map { Schema.applyingDefaults(to: input, schema: $0.inputSchema) }
        if let typeAction, let typeInput {
            try SchemaValidator.validate(typeInput, against: typeAction.inputSchema)
        } else if !driver.descriptor.connectorActions {
            throw Self.noSuchAction(actionName, among: driver.descriptor.actions, of: driver.descriptor)
        }
        return PreparedExecution(
            application: application, connector: connector, driver: driver, action: actionName, typeInput: typeInput, input: input,
            inputBytes: inputBytes, caller: caller, started: started, startedAt: startedAt,
            deadline: started + Self.clamped(timeout, default: Self.defaultTimeout))
    }

    /// Runs a prepared execution and logs it.
    public func run(_ prepared: PreparedExecution, events: ActionEventSink? = nil) async throws -> Outcome {
        let (connector, driver, actionName, typeInput, input) = (prepared.connector, prepared.driver, prepared.action, prepared.typeInput, prepared.input)
        let (started, deadline, caller, application) = (prepared.started, prepared.deadline, prepared.caller, prepared.application)
        let executionID = prepared.executionID
        var record = ExecutionRecord(
            id: executionID, applicationID: application.id, connectorID: connector.id, connectorName: connector.name,
            action: actionName, tokenName: caller.tokenName, status: "succeeded", errorCode: nil, durationMs: 0,
            inputBytes: prepared.inputBytes, outputBytes: 0, startedAt: prepared.startedAt, runID: caller.runID)
        // An agent's tool calls are logged with the agent's execution id as their run.
        let toolCaller = Caller(tokenID: caller.tokenID, tokenName: caller.tokenName, runID: executionID)
        let extras = CallExtras(
            events: events, toolbox: toolboxes.withLock { $0 }?.toolbox(application: application, caller: toolCaller))
        do {
            let output = try await call(.connector(connector), driver: driver, deadline: deadline, extras: extras) { session, context in
                if let typeInput {
                    return try await session.run(action: actionName, input: typeInput, context: context)
                }
                let actions = try await session.connectorActions(context: context)
                guard let action = actions.first(where: { $0.descriptor.name == actionName }) else {
                    throw Self.noSuchAction(actionName, among: driver.descriptor.actions + actions.map(\.descriptor), of: driver.descriptor)
                }
                let filled = Schema.applyingDefaults(to: input, schema: action.descriptor.inputSchema)
                try SchemaValidator.validate(filled, against: action.descriptor.inputSchema)
                return try await action.run(filled, context)
            }
            let bytes = output.jsonBytes()
            let duration = ContinuousClock.now - started
            record.durationMs = duration.milliseconds
            record.outputBytes = bytes.count
            record.tokens = extras.usage.tokens
            finish(record, type: connector.type, duration: duration)
            return Outcome(executionID: executionID, duration: duration, output: output, outputBytes: bytes)
        } catch {
            let failure = Self.connectorError(from: error, logger: logger)
            let duration = ContinuousClock.now - started
            record.status = "failed"
            record.errorCode = failure.code.rawValue
            record.durationMs = duration.milliseconds
            record.tokens = extras.usage.tokens
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

    static func noSuchAction(_ name: String, among actions: [ActionDescriptor], of type: ConnectorTypeDescriptor) -> ConnectorError {
        ConnectorError(
            .notFound, message: "The \(type.displayName) connector has no action '\(name)'.",
            fix: actions.isEmpty ? "This connector offers no actions." : "Use one of: \(actions.map(\.name).joined(separator: ", ")).")
    }

    private func finish(_ record: ExecutionRecord, type: String, duration: Duration) {
        executionLog.append(record)
        metrics.recordExecution(type: type, action: record.action, status: record.status, duration: duration)
    }
}

/// Builds the toolbox an agent inside one execution uses: the application's tools, called as `caller`.
public protocol AgentToolboxFactory: Sendable {
    func toolbox(application: ApplicationRecord, caller: Caller) -> any AgentToolbox
}
