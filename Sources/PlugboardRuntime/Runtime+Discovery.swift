import PlugboardCore
import PlugboardStore

extension Runtime {
    /// Every action of a connector: its type's table, then the actions it offers itself (read through one of its
    /// pooled sessions, so an OpenAPI document or an MCP server's tool list is read once per session).
    public func actions(of connector: ConnectorRecord, timeout: Duration? = nil) async throws -> [ActionDescriptor] {
        let driver = try registry.driver(for: connector.type)
        guard driver.descriptor.connectorActions else { return driver.descriptor.actions }
        let deadline = ContinuousClock.now + Self.clamped(timeout, default: .seconds(30))
        let own = try await call(.connector(connector), driver: driver, deadline: deadline) { session, context in
            try await session.connectorActions(context: context).map(\.descriptor)
        }
        return driver.descriptor.actions + own
    }

    /// What the connector's service holds (tables and columns, GraphQL types, SOAP or OpenAPI operations, MCP tools),
    /// secrets redacted; `not_found` for types that discover nothing.
    public func discover(_ connector: ConnectorRecord, timeout: Duration? = nil) async throws -> JSONValue {
        let driver = try registry.driver(for: connector.type)
        guard driver.descriptor.schemaDiscovery else {
            throw ConnectorError(.notFound, message: "\(driver.descriptor.displayName) connectors have no schema to discover.")
        }
        let deadline = ContinuousClock.now + Self.clamped(timeout, default: .seconds(30))
        return try await call(.connector(connector), driver: driver, deadline: deadline) { session, context in
            try await session.discover(context: context)
        }
    }
}
