/// A connector type's implementation: typed options, sessions, a connection test and an action table.
///
/// Drivers never see the store and reach the network only through `DriverContext.network`.
public protocol ConnectorDriver: Sendable {
    /// The driver's typed options.
    associatedtype Configuration: ConnectorConfiguration
    /// The driver's live session type.
    associatedtype Session: ConnectorSession

    /// The connector type's fixed facts: slug, category, names and accepted credentials.
    static var info: ConnectorTypeInfo { get }

    /// The action table; the API, CLI, UI and MCP tools are generated from it.
    var actions: [ConnectorAction<Session>] { get }

    /// Opens a session (a pooled connection or client) for one connector version.
    func openSession(_ configuration: Configuration, context: DriverContext) async throws -> Session

    /// A real round trip to the service; returns details shown beside the latency.
    func test(_ session: Session, context: DriverContext) async throws -> JSONValue

    /// Actions this connector offers besides the type's table, read from its configuration or its service
    /// (an OpenAPI document's operations, an MCP server's tools). Called only when `info.connectorActions` is set.
    func connectorActions(_ session: Session, context: DriverContext) async throws -> [ConnectorAction<Session>]

    /// What the service holds, for users and agents to read (tables and columns, GraphQL types, SOAP operations).
    /// Called only when `info.schemaDiscovery` is set; failures map to `schema_discovery_failed`.
    func discover(_ session: Session, context: DriverContext) async throws -> JSONValue

    /// Checks a new or changed configuration with the network before it is saved (fetching the document it names);
    /// throws `invalid_configuration` with the reason. Runs only when `info.checksOnSave` is set.
    func check(_ configuration: Configuration, context: DriverContext) async throws
}

extension ConnectorDriver {
    /// By default a connector offers only its type's actions.
    public func connectorActions(_ session: Session, context: DriverContext) async throws -> [ConnectorAction<Session>] { [] }

    /// By default a node discovers nothing.
    public func discover(_ session: Session, context: DriverContext) async throws -> JSONValue {
        throw ConnectorError(.notFound, message: "\(Self.info.displayName) connectors have no schema to discover.")
    }

    /// By default a configuration that passed its schema is accepted as it is.
    public func check(_ configuration: Configuration, context: DriverContext) async throws {}
}

/// A driver's options, decoded once from JSON through the same schema users see.
public protocol ConnectorConfiguration: Sendable {
    /// The connection fields as a JSON Schema object.
    static var schema: JSONValue { get }

    /// Decodes validated options (defaults applied); throws `invalid_configuration` for semantic faults.
    init(options: OptionsReader) throws(ConnectorError)

    /// How sessions for this configuration are pooled.
    var pooling: PoolSettings { get }
}

/// A live session; closed by the pool when idle, retired or shut down.
public protocol ConnectorSession: Sendable {
    /// Releases the session's connection or client; called once, by the pool.
    func close() async
}

/// How a connector's sessions are shared.
public struct PoolSettings: Sendable, Hashable {
    /// Sessions opened at most (exclusive) or concurrent executions on the one session (shared).
    public var size: Int
    /// Shared sessions serve many executions at once (HTTP clients); exclusive ones serve one (database connections).
    public var shared: Bool
    /// Idle sessions close after this long.
    public var idleTimeout: Duration

    /// Pool settings; a size below 1 is raised to 1.
    public init(size: Int, shared: Bool, idleTimeout: Duration = .seconds(60)) {
        self.size = max(1, size)
        self.shared = shared
        self.idleTimeout = idleTimeout
    }
}
