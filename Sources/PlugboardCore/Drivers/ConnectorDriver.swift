/// A connector type's implementation: typed options, sessions, a connection test and an action table.
///
/// Optional capabilities are protocols a driver also conforms to (`SchemaDiscovering`, `ConnectorActionProviding`,
/// `ConfigurationChecking`), detected when it is registered. Drivers never see the store and reach the network only
/// through their contexts.
public protocol ConnectorDriver: Sendable {
    /// The driver's typed options.
    associatedtype Configuration: ConnectorConfiguration
    /// The driver's live session type.
    associatedtype Session: ConnectorSession

    /// The connector type's fixed facts: slug, category, names and accepted credentials. Its options schema, actions
    /// and capabilities are filled in from the driver when it is registered.
    static var descriptor: ConnectorTypeDescriptor { get }

    /// The action table; the API, CLI, UI and MCP tools are generated from it.
    var actions: [ConnectorAction<Session>] { get }

    /// Opens a session (a pooled connection or client) for one connector version.
    func openSession(_ configuration: Configuration, context: SessionContext) async throws -> Session

    /// A real round trip to the service; returns details shown beside the latency.
    func test(_ session: Session, context: CallContext) async throws -> JSONValue
}

/// A driver's options: a field set, so the schema users see, the decoder and each default are one declaration.
public protocol ConnectorConfiguration: FieldSet {
    /// How sessions for this configuration are pooled.
    var pooling: PoolSettings { get }
}

/// A live session; closed by the pool when idle, retired or shut down.
public protocol ConnectorSession: Sendable {
    /// Releases the session's connection or client; called once, by the pool.
    func close() async
    /// False once the session's own connection is gone (a server closed it): the pool lends it no more and closes
    /// it when its calls end, so a shared session is not kept failing every call. True unless a driver says otherwise.
    var isUsable: Bool { get }
}

extension ConnectorSession {
    /// Sessions that reconnect by themselves, or are judged by their calls' errors, are always usable.
    public var isUsable: Bool { true }
}
