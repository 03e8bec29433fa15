/// A driver with its types erased, as the registry and runtime hold it.
///
/// Erasure happens once, here, by capturing typed values in closures: a configuration is decoded into a `Configured`
/// that opens typed sessions, and each session is wrapped in an `AnyConnectorSession` that runs the typed action table.
/// Nothing is cast back from an existential.
public struct AnyConnectorDriver: Sendable {
    /// The connector type this driver implements, its schema, actions and capabilities filled in.
    public let descriptor: ConnectorTypeDescriptor
    private let _configure: @Sendable (JSONObject) throws(ConnectorError) -> Configured

    /// Options that passed validation: the stored JSON (defaults applied), how they pool, and what opens sessions
    /// and checks them.
    public struct Configured: Sendable {
        /// The options as stored, defaults applied.
        public var options: JSONObject
        /// The driver's typed configuration decoded from `options`, for inspection.
        public let configuration: any ConnectorConfiguration
        /// How sessions for this configuration are pooled.
        public var pooling: PoolSettings { configuration.pooling }
        let open: @Sendable (SessionContext) async throws -> AnyConnectorSession
        let check: (@Sendable (CallContext) async throws -> Void)?
        let source: (@Sendable (String, SourceContext, SourceSink) async throws -> Void)?
        let webhook: (@Sendable (String, WebhookRequest, WebhookContext) throws(ConnectorError) -> WebhookOutcome)?

        init<Driver: ConnectorDriver>(
            options: JSONObject, configuration: Driver.Configuration, binder: SessionBinder<Driver>,
            checking: (any ConfigurationChecking<Driver.Configuration>)?, sources: (any TriggerSourceProviding<Driver.Configuration>)?
        ) {
            self.options = options
            self.configuration = configuration
            open = { context in binder.bind(try await binder.driver.openSession(configuration, context: context)) }
            if let checking {
                check = { context in try await checking.check(configuration, context: context) }
            } else {
                check = nil
            }
            if let sources {
                source = { name, context, sink in try await sources.runSource(name, configuration: configuration, context: context, sink: sink) }
                webhook = { name, request, context throws(ConnectorError) in
                    try sources.receiveWebhook(name, configuration: configuration, request: request, context: context)
                }
            } else {
                source = nil
                webhook = nil
            }
        }

        /// Opens a session for these options through the driver.
        public func openSession(context: SessionContext) async throws -> AnyConnectorSession {
            try await open(context)
        }

        /// Checks these options with the network before they are saved; a no-op for types that do not check.
        public func check(context: CallContext) async throws {
            try await check?(context)
        }

        /// Runs trigger source `name` until cancelled or broken; `not_found` for a type without it.
        public func runSource(_ name: String, context: SourceContext, sink: SourceSink) async throws {
            guard let source else { throw ConnectorError.notFound("trigger source", name) }
            try await source(name, context, sink)
        }

        /// Has source `name` check and read a request that arrived at its trigger's webhook address.
        public func receiveWebhook(_ name: String, request: WebhookRequest, context: WebhookContext) throws(ConnectorError) -> WebhookOutcome {
            guard let webhook else { throw ConnectorError.notFound("webhook source", name) }
            return try webhook(name, request, context)
        }
    }

    /// Erases a driver: fills its descriptor in and keeps its typed action table and capabilities in closures.
    public init<Driver: ConnectorDriver>(_ driver: Driver) {
        let fields = Driver.Configuration.fields
        let schema = fields.schema
        var descriptor = Driver.descriptor
        descriptor.optionsSchema = schema
        descriptor.actions = driver.actions.map(\.descriptor)
        descriptor.capabilities = ConnectorCapabilities(of: driver)
        let sources = driver as? any TriggerSourceProviding<Driver.Configuration>
        descriptor.triggerSources = sources?.triggerSources ?? []
        self.descriptor = descriptor
        let binder = SessionBinder(driver)
        let checking = driver as? any ConfigurationChecking<Driver.Configuration>
        self._configure = { (options: JSONObject) throws(ConnectorError) -> Configured in
            try SchemaValidator.validate(.object(options), against: schema, code: .invalidConfiguration, subject: "options")
            let filled = Schema.applyingDefaults(to: .object(options), schema: schema).objectValue ?? options
            let configuration = try fields.decode(.object(filled), code: .invalidConfiguration)
            return Configured(options: filled, configuration: configuration, binder: binder, checking: checking, sources: sources)
        }
    }

    /// Validates options against the schema (one issue per bad field) and decodes the typed configuration.
    public func configure(_ options: JSONObject) throws(ConnectorError) -> Configured {
        try _configure(options)
    }
}
