/// A driver with its types erased, as the registry and runtime hold it.
public struct AnyConnectorDriver: Sendable {
    /// The connector type this driver implements.
    public let descriptor: ConnectorTypeDescriptor
    private let _configure: @Sendable (JSONObject) throws(ConnectorError) -> Configured
    private let _open: @Sendable (any ConnectorConfiguration, DriverContext) async throws -> any ConnectorSession
    private let _test: @Sendable (any ConnectorSession, DriverContext) async throws -> JSONValue
    private let _actions: [String: @Sendable (any ConnectorSession, JSONValue, DriverContext) async throws -> JSONValue]
    private let _connectorActions: @Sendable (any ConnectorSession, DriverContext) async throws -> [ErasedAction]
    private let _discover: @Sendable (any ConnectorSession, DriverContext) async throws -> JSONValue
    private let _check: @Sendable (any ConnectorConfiguration, DriverContext) async throws -> Void
    /// Whether saving a configuration of this type first runs `check` with the network.
    public let checksOnSave: Bool

    /// An action of one connector (not of its type): its descriptor and the erased function that runs it.
    public struct ErasedAction: Sendable {
        /// The action's public face: name, schemas and annotations.
        public var descriptor: ActionDescriptor
        /// Runs the action on a session of the connector it came from.
        public var run: @Sendable (any ConnectorSession, JSONValue, DriverContext) async throws -> JSONValue
    }

    /// Options that passed validation: the stored JSON (defaults applied) and the typed configuration.
    public struct Configured: Sendable {
        /// The options as stored, defaults applied.
        public var options: JSONObject
        /// The driver's typed configuration decoded from `options`.
        public var configuration: any ConnectorConfiguration
        /// How sessions for this configuration are pooled.
        public var pooling: PoolSettings { configuration.pooling }
    }

    /// Erases a driver, building its descriptor from its type info, options schema and action table.
    public init<Driver: ConnectorDriver>(_ driver: Driver) {
        let info = Driver.info
        let schema = Driver.Configuration.schema
        self.descriptor = ConnectorTypeDescriptor(
            id: info.id, category: info.category, displayName: info.displayName, description: info.description,
            optionsSchema: schema, credentialKinds: info.credentialKinds, credentialRequired: info.credentialRequired,
            actions: driver.actions.map(\.descriptor), connectorActions: info.connectorActions, schemaDiscovery: info.schemaDiscovery)
        self.checksOnSave = info.checksOnSave
        self._configure = { (options: JSONObject) throws(ConnectorError) -> Configured in
            try SchemaValidator.validate(.object(options), against: schema, code: .invalidConfiguration, subject: "options")
            let filled = Schema.applyingDefaults(to: .object(options), schema: schema).objectValue ?? options
            let configuration = try Driver.Configuration(options: OptionsReader(values: filled, schema: schema))
            return Configured(options: filled, configuration: configuration)
        }
        self._open = { configuration, context in
            try await driver.openSession(configuration as! Driver.Configuration, context: context)
        }
        self._test = { session, context in
            try await driver.test(session as! Driver.Session, context: context)
        }
        var actions: [String: @Sendable (any ConnectorSession, JSONValue, DriverContext) async throws -> JSONValue] = [:]
        for action in driver.actions {
            let run = action.run
            actions[action.descriptor.name] = { session, input, context in
                try await run(session as! Driver.Session, input, context)
            }
        }
        self._actions = actions
        self._connectorActions = { session, context in
            try await driver.connectorActions(session as! Driver.Session, context: context).map { action in
                let run = action.run
                return ErasedAction(descriptor: action.descriptor) { session, input, context in
                    try await run(session as! Driver.Session, input, context)
                }
            }
        }
        self._discover = { session, context in
            try await driver.discover(session as! Driver.Session, context: context)
        }
        self._check = { configuration, context in
            try await driver.check(configuration as! Driver.Configuration, context: context)
        }
    }

    /// Validates options against the schema (one issue per bad field) and decodes the typed configuration.
    public func configure(_ options: JSONObject) throws(ConnectorError) -> Configured {
        try _configure(options)
    }

    /// Opens a session for configured options through the driver.
    public func openSession(_ configured: Configured, context: DriverContext) async throws -> any ConnectorSession {
        try await _open(configured.configuration, context)
    }

    /// Runs the driver's connection test on a session; returns the details it reports.
    public func test(_ session: any ConnectorSession, context: DriverContext) async throws -> JSONValue {
        try await _test(session, context)
    }

    /// The actions a connector adds to its type's table, read through one of its sessions.
    public func connectorActions(session: any ConnectorSession, context: DriverContext) async throws -> [ErasedAction] {
        guard descriptor.connectorActions else { return [] }
        return try await _connectorActions(session, context)
    }

    /// What the connector's service holds, for users and agents to read.
    public func discover(session: any ConnectorSession, context: DriverContext) async throws -> JSONValue {
        try await _discover(session, context)
    }

    /// Checks configured options with the network before they are saved; a no-op for most types.
    public func check(_ configured: Configured, context: DriverContext) async throws {
        guard checksOnSave else { return }
        try await _check(configured.configuration, context)
    }

    /// Runs the named action of the type's table on a session; `not_found` when the driver has no such action.
    public func run(action: String, session: any ConnectorSession, input: JSONValue, context: DriverContext) async throws -> JSONValue {
        guard let run = _actions[action] else { throw ConnectorError.notFound("action", action) }
        return try await run(session, input, context)
    }
}
