/// Turns a driver's typed sessions into `AnyConnectorSession`s: the action table by name and the capability
/// conformances are looked up once, when the driver is registered, and captured with their types intact.
struct SessionBinder<Driver: ConnectorDriver>: Sendable {
    typealias Run = @Sendable (Driver.Session, JSONValue, CallContext) async throws -> JSONValue

    let driver: Driver
    private let table: [String: Run]
    private let discovering: (any SchemaDiscovering<Driver.Session>)?
    private let providing: (any ConnectorActionProviding<Driver.Session>)?

    init(_ driver: Driver) {
        self.driver = driver
        var table: [String: Run] = [:]
        for action in driver.actions where table[action.descriptor.name] == nil { table[action.descriptor.name] = action.run }
        self.table = table
        discovering = driver as? any SchemaDiscovering<Driver.Session>
        providing = driver as? any ConnectorActionProviding<Driver.Session>
    }

    /// The session with the driver's test, actions, connector actions and discovery bound to it.
    func bind(_ session: Driver.Session) -> AnyConnectorSession {
        let driver = driver
        let table = table
        let providing = providing
        var discover: (@Sendable (CallContext) async throws -> JSONValue)?
        if let discovering {
            discover = { context in try await discovering.discover(session, context: context) }
        }
        return AnyConnectorSession(
            test: { context in try await driver.test(session, context: context) },
            run: { name, input, context in
                guard let run = table[name] else { throw ConnectorError.notFound("action", name) }
                return try await run(session, input, context)
            },
            connectorActions: { context in
                guard let providing else { return [] }
                return try await Self.bound(providing.connectorActions(session, context: context), to: session)
            },
            discover: discover,
            close: { await session.close() }, isUsable: { session.isUsable })
    }

    private static func bound(_ actions: [ConnectorAction<Driver.Session>], to session: Driver.Session) -> [AnyConnectorSession.BoundAction] {
        actions.map { action in
            let run = action.run
            return AnyConnectorSession.BoundAction(descriptor: action.descriptor) { input, context in
                try await run(session, input, context)
            }
        }
    }
}
