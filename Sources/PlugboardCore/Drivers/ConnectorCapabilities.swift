/// A driver that can describe what its service holds (tables and columns, GraphQL types, SOAP operations), for users
/// and agents to read at `GET …/connectors/{connector}/schema`.
public protocol SchemaDiscovering<Session>: ConnectorDriver {
    associatedtype Session
    /// What the service holds; failures map to `schema_discovery_failed`.
    func discover(_ session: Session, context: CallContext) async throws -> JSONValue
}

/// A driver whose connectors offer actions beside the type's table, read from their configuration or service (an
/// OpenAPI document's operations, an MCP server's tools).
public protocol ConnectorActionProviding<Session>: ConnectorDriver {
    associatedtype Session
    /// The connector's own actions, read through one of its sessions.
    func connectorActions(_ session: Session, context: CallContext) async throws -> [ConnectorAction<Session>]
}

/// A driver that checks a new or changed configuration with the network before it is saved (fetching the document
/// it names).
public protocol ConfigurationChecking<Configuration>: ConnectorDriver {
    associatedtype Configuration
    /// Throws `invalid_configuration` with the reason the configuration cannot be used.
    func check(_ configuration: Configuration, context: CallContext) async throws
}

/// The optional capabilities a registered driver has, detected from the protocols it conforms to.
public struct ConnectorCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The driver conforms to `SchemaDiscovering`.
    public static let schemaDiscovery = ConnectorCapabilities(rawValue: 1 << 0)
    /// The driver conforms to `ConnectorActionProviding`.
    public static let connectorActions = ConnectorCapabilities(rawValue: 1 << 1)
    /// The driver conforms to `ConfigurationChecking`.
    public static let checksOnSave = ConnectorCapabilities(rawValue: 1 << 2)
    /// The driver conforms to `TriggerSourceProviding`.
    public static let triggerSources = ConnectorCapabilities(rawValue: 1 << 3)

    /// The capabilities of `driver`, read from its conformances.
    public init<Driver: ConnectorDriver>(of driver: Driver) {
        self = []
        if driver is any SchemaDiscovering<Driver.Session> { insert(.schemaDiscovery) }
        if driver is any ConnectorActionProviding<Driver.Session> { insert(.connectorActions) }
        if driver is any ConfigurationChecking<Driver.Configuration> { insert(.checksOnSave) }
        if driver is any TriggerSourceProviding<Driver.Configuration> { insert(.triggerSources) }
    }
}
