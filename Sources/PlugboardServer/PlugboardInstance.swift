import ConnectorsDatabase
import ConnectorsEGov
import ConnectorsFiles
import ConnectorsHTTP
import ConnectorsMessaging
import ConnectorsQueues
import ConnectorsSaaS
import ConnectorsSigning
import Foundation
import Hummingbird
import Logging
import PlugboardCore
import PlugboardNetwork
import PlugboardRuntime
import PlugboardStore
import Prometheus
import ServiceLifecycle

/// Everything one Plugboard server holds: the store, the keys, the runtime and the metrics registry.
public struct PlugboardInstance: Sendable {
    /// The store (SQLite, or PostgreSQL for shared deployments) behind a read cache.
    public let store: any Store
    /// Executes actions and manages connectors, credentials and session pools.
    public let runtime: Runtime
    /// Seals and opens credential secrets with the current master key.
    public let box: SecretBox
    /// Where the master key came from (environment or key file), for the keys API.
    public let keySource: MasterKeySource
    /// The registry `/metrics` exports in Prometheus format.
    public let prometheus: PrometheusCollectorRegistry
    /// The server's logger; `LOG_LEVEL` sets its level.
    public let logger: Logger
    /// Request bodies larger than this are refused with `payload_too_large`.
    public let maxBodyBytes: Int
    /// The Streamable HTTP sessions of `/mcp`.
    let mcpSessions: MCPSessions
    /// Master-key rotations in progress.
    let keyRotations = KeyRotations()
    /// Runs queued workflow runs.
    public let workflowRunner: WorkflowRunner
    /// Supervises triggers and delivers their events.
    public let triggerRunner: TriggerRunner
    /// Follows other replicas' changes to a shared store; nil for the embedded store.
    public let changeListener: StoreChangeListener?
    /// `PLUGBOARD_PUBLIC_URL`: the address callers reach this server at, for the webhook URLs shown; nil takes the
    /// request's `Host`.
    let publicURL: String?

    /// Opens the data folder (creating it, the database and the key file on first start), or the PostgreSQL
    /// database `PLUGBOARD_DATABASE_URL` names, checks the master key against the stored canary, and makes the admin
    /// token if none exists. Returns a generated token once. `close()` ends what it opened.
    public static func open(
        dataDirectory: String, environment: [String: String], registry: DriverRegistry = .standard, logger: Logger
    ) async throws -> (PlugboardInstance, generatedAdminToken: String?) {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let location = try StoreLocation.from(environment: environment, dataDirectory: dataDirectory)
        let store = CachingStore(try await location.open(logger: logger))
        do {
            return try await open(store: store, dataDirectory: dataDirectory, environment: environment, registry: registry, logger: logger)
        } catch {
            await store.close()
            throw error
        }
    }

    private static func open(
        store: CachingStore, dataDirectory: String, environment: [String: String], registry: DriverRegistry, logger: Logger
    ) async throws -> (PlugboardInstance, generatedAdminToken: String?) {
        let (box, keySource) = try await MasterKeySource.open(dataDirectory: dataDirectory, environment: environment, store: store)
        let policy = try EgressPolicy.fromEnvironment(environment)
        let prometheus = PrometheusCollectorRegistry()
        let runtime = Runtime(
            store: store, registry: registry, box: box, network: GuardedNetwork(policy: policy),
            metrics: RuntimeMetrics(factory: PrometheusMetricsFactory(registry: prometheus)), logger: logger,
            executionRetention: try executionRetention(environment))
        let maxBody = environment["PLUGBOARD_MAX_BODY_BYTES"].flatMap(Int.init) ?? 1 << 20
        // How long a crashed process keeps its runs and triggers before another start (or replica) takes them over.
        let lease = environment["PLUGBOARD_LEASE_SECONDS"].flatMap(Double.init).map { Duration.milliseconds(Int64(max($0, 1) * 1000)) } ?? .seconds(30)
        let workflowRunner = WorkflowRunner(runtime: runtime, lease: lease)
        // The llm node's agent calls the application's tools as MCP offers them.
        runtime.install(toolboxes: ApplicationToolboxes(runtime: runtime, workflows: workflowRunner, logger: logger))
        let publicURL = environment["PLUGBOARD_PUBLIC_URL"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let changeListener = store.changeFeed.map { feed in
            StoreChangeListener(cache: store, feed: feed, changes: runtime.changes, logger: logger) {
                do {
                    if let problem = try await keySource.reload(box, store: store) { logger.error("\(problem)") }
                } catch {
                    logger.warning("Reading the master keys again failed", metadata: ["error": "\(error)"])
                }
            }
        }
        let instance = PlugboardInstance(
            store: store, runtime: runtime, box: box, keySource: keySource, prometheus: prometheus, logger: logger, maxBodyBytes: maxBody,
            mcpSessions: MCPSessions(runtime: runtime, workflows: workflowRunner, logger: logger), workflowRunner: workflowRunner,
            triggerRunner: TriggerRunner(runtime: runtime, workflows: workflowRunner, lease: lease, publicURL: publicURL),
            changeListener: changeListener, publicURL: publicURL)
        let generated = try await instance.bootstrapAdminToken(environment["PLUGBOARD_ADMIN_TOKEN"])
        return (instance, generated)
    }

    /// `PLUGBOARD_EXECUTION_RETENTION_DAYS`: how long the execution log keeps records (30 days unless set; 0 keeps them forever).
    private static func executionRetention(_ environment: [String: String]) throws(ConnectorError) -> Duration? {
        let name = "PLUGBOARD_EXECUTION_RETENTION_DAYS"
        guard let text = environment[name], !text.isEmpty else { return .seconds(30 * 86400) }
        guard let days = Int(text), days >= 0 else {
            throw .invalidConfiguration("\(name) must be a whole number of days (0 keeps records forever).", field: name)
        }
        return days == 0 ? nil : .seconds(days * 86400)
    }

    /// Closes the store's database connections, once everything that uses it has stopped.
    public func close() async {
        await store.close()
    }

    /// Registers `PLUGBOARD_ADMIN_TOKEN` as a global admin token, or generates one when no token exists yet.
    private func bootstrapAdminToken(_ given: String?) async throws -> String? {
        if let given, !given.isEmpty {
            guard given.count >= 16 else {
                throw ConnectorError.invalidConfiguration("PLUGBOARD_ADMIN_TOKEN must be at least 16 characters.", field: "PLUGBOARD_ADMIN_TOKEN")
            }
            if try await store.token(hash: APIToken.hash(given)) == nil {
                try await store.insertToken(TokenRecord(name: "bootstrap-admin", applicationID: nil, role: .admin, hash: APIToken.hash(given)))
            }
            return nil
        }
        guard try await store.tokenCount() == 0 else { return nil }
        let token = APIToken.generate()
        try await store.insertToken(TokenRecord(name: "bootstrap-admin", applicationID: nil, role: .admin, hash: APIToken.hash(token)))
        return token
    }

    /// Everything long-lived the server runs beside its HTTP listener, in one service group so SIGTERM reaches each.
    /// They stop in reverse order: triggers and workflow runs first (runs are interrupted and resume at the next
    /// start), then executions drain, rotations finish, MCP sessions and pools close, and the listener for other
    /// replicas' changes stops.
    public var services: [any Service] {
        let listener: [any Service] = changeListener.map { [$0] } ?? []
        return listener + [
            runtime.executionLog, runtime.pools, mcpSessions, keyRotations, RuntimeDrain(runtime: runtime), workflowRunner, triggerRunner,
        ]
    }

    /// Every route of the API, in the order the OpenAPI document lists them.
    var routes: [APIRoute] {
        SystemController(instance: self).routes + ApplicationsController(instance: self).routes
            + ConnectorTypesController(instance: self).routes + CredentialsController(instance: self).routes
            + SignInController(instance: self).routes
            + ConnectorsController(instance: self).routes + ExecutionsController(instance: self).routes
            + TokensController(instance: self).routes + KeysController(instance: self).routes
            + ToolBindingsController(instance: self).routes + WorkflowsController(instance: self).routes
            + TriggersController(instance: self).routes + HooksController(instance: self).routes + MCPController(instance: self).routes
    }

    /// The router: error shaping, then each route with authentication where it needs it.
    public func makeRouter() -> Router<PlugboardRequestContext> {
        let router = Router(context: PlugboardRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        let authenticator = Authenticator(store: store)
        let all = routes
        for route in all {
            var handler = route.handler
            if route.authenticated {
                let unauthenticated = handler
                handler = { request, context in
                    var context = context
                    context.principal = try await authenticator.principal(for: request)
                    return try await unauthenticated(request, context)
                }
            }
            if let render = route.errorResponse {
                let unrendered = handler
                handler = { request, context in
                    do {
                        return try await unrendered(request, context)
                    } catch let error as ConnectorError {
                        return render(error)
                    }
                }
            }
            router.on(RouterPath(route.path), method: route.method, use: handler)
        }
        let document = OpenAPIDocument.make(all).jsonBytes()
        router.get("/openapi.json") { _, _ in Response.json(bytes: document) }
        WebUIController(assets: .bundled).register(on: router)
        return router
    }

    /// The `{app}` of the route, after checking the principal may do `action` there with at least `role`.
    func authorizedApplication(_ context: PlugboardRequestContext, _ role: TokenRole, _ action: String) async throws -> ApplicationRecord {
        let principal = try context.requirePrincipal()
        let application = try await application(try context.parameter("app"), for: principal)
        try principal.authorize(role, in: application, to: action)
        return application
    }

    /// Where callers reach this server: `PLUGBOARD_PUBLIC_URL`, or `http://` and the request's `Host`.
    func publicURL(for request: Request) -> String {
        if let publicURL { return publicURL }
        return "http://\(request.head.authority ?? "127.0.0.1")"
    }

    /// Looks up an application by id or name, as the principal may see it.
    func application(_ reference: String, for principal: Principal) async throws -> ApplicationRecord {
        guard let application = try await store.application(reference), principal.canSee(application) else {
            throw ConnectorError.notFound("application", reference)
        }
        return application
    }
}

extension DriverRegistry {
    /// Every connector type this build of Plugboard ships.
    public static var standard: DriverRegistry {
        var registry = DriverRegistry()
        registry.register(RESTDriver())
        registry.register(GraphQLDriver())
        registry.register(OpenAPIDriver())
        registry.register(SOAPDriver())
        registry.register(PostgreSQLDriver())
        registry.register(OracleDriver())
        registry.register(MCPDriver())
        registry.register(LLMDriver())
        registry.register(SMTPDriver())
        registry.register(TelegramDriver())
        registry.register(WhatsAppDriver())
        registry.register(GmailDriver())
        registry.register(SFTPDriver())
        registry.register(FTPDriver())
        registry.register(KafkaDriver())
        registry.register(RabbitMQDriver())
        registry.register(OpenWeatherDriver())
        registry.register(OutlineDriver())
        registry.register(CarboneDriver())
        registry.register(LinearDriver())
        registry.register(GoogleCalendarDriver())
        registry.register(AmoCRMDriver())
        registry.register(Bitrix24Driver())
        registry.register(DigitalSignDriver())
        registry.register(EGovDriver())
        registry.register(inspector: SigningKeyInspector())
        return registry
    }
}
