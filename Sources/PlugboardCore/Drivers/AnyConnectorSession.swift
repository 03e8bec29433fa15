/// An open session of some driver, with the driver's typed action table and capabilities bound to it: what the
/// session pool lends and the runtime calls.
public struct AnyConnectorSession: ConnectorSession {
    private let _test: @Sendable (CallContext) async throws -> JSONValue
    private let _run: @Sendable (String, JSONValue, CallContext) async throws -> JSONValue
    private let _connectorActions: @Sendable (CallContext) async throws -> [BoundAction]
    private let _discover: (@Sendable (CallContext) async throws -> JSONValue)?
    private let _close: @Sendable () async -> Void
    private let _isUsable: @Sendable () -> Bool

    /// An action a connector offers itself (not its type), bound to the session it was read through.
    public struct BoundAction: Sendable {
        /// The action's public face: name, schemas and annotations.
        public var descriptor: ActionDescriptor
        /// Runs the action on the session it came from, with validated input.
        public var run: @Sendable (JSONValue, CallContext) async throws -> JSONValue
    }

    /// Binds a typed session to its driver's action table and capabilities.
    init(
        test: @escaping @Sendable (CallContext) async throws -> JSONValue,
        run: @escaping @Sendable (String, JSONValue, CallContext) async throws -> JSONValue,
        connectorActions: @escaping @Sendable (CallContext) async throws -> [BoundAction],
        discover: (@Sendable (CallContext) async throws -> JSONValue)?, close: @escaping @Sendable () async -> Void,
        isUsable: @escaping @Sendable () -> Bool
    ) {
        _test = test
        _run = run
        _connectorActions = connectorActions
        _discover = discover
        _close = close
        _isUsable = isUsable
    }

    /// Runs the driver's connection test; returns the details it reports.
    public func test(context: CallContext) async throws -> JSONValue {
        try await _test(context)
    }

    /// Runs the named action of the type's table; `not_found` when the driver has no such action.
    public func run(action: String, input: JSONValue, context: CallContext) async throws -> JSONValue {
        try await _run(action, input, context)
    }

    /// The actions the connector offers besides its type's table; none unless the driver provides them.
    public func connectorActions(context: CallContext) async throws -> [BoundAction] {
        try await _connectorActions(context)
    }

    /// What the service holds; `not_found` for types that discover nothing.
    public func discover(context: CallContext) async throws -> JSONValue {
        guard let _discover else { throw ConnectorError(.notFound, message: "This connector type has no schema to discover.") }
        return try await _discover(context)
    }

    /// Releases the session's connection or client; called once, by the pool.
    public func close() async {
        await _close()
    }

    /// Whether the driver's session still has its connection.
    public var isUsable: Bool { _isUsable() }
}
