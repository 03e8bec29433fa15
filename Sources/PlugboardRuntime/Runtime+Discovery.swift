import PlugboardCore
import PlugboardStore

extension Runtime {
    /// Every action of a connector: its type's table, then the actions it offers itself (read through one of its
    /// pooled sessions, so an OpenAPI document or an MCP server's tool list is read once per session).
    public func actions(of connector: ConnectorRecord, timeout: Duration? = nil) async throws -> [ActionDescriptor] {
        let driver = try registry.driver(for: connector.type)
        guard driver.descriptor.connectorActions else { return driver.descriptor.actions }
        let deadline = ContinuousClock.now + min(timeout ?? .seconds(30), Self.maximumTimeout)
        do {
            let (own, _) = try await tracked {
                try await withPooledSession(connector, driver: driver, deadline: deadline) { session, call in
                    try await Self.withDeadline(deadline) {
                        try await driver.connectorActions(session: session, context: self.context(for: call, deadline: deadline)).map(\.descriptor)
                    }
                }
            }
            return driver.descriptor.actions + own
        } catch {
            throw Redactor(secrets: await secretValues(of: connector)).redact(Self.connectorError(from: error, logger: logger))
        }
    }

    /// What the connector's service holds (tables and columns, GraphQL types, SOAP or OpenAPI operations, MCP tools),
    /// secrets redacted; `not_found` for types that discover nothing.
    public func discover(_ connector: ConnectorRecord, timeout: Duration? = nil) async throws -> JSONValue {
        let driver = try registry.driver(for: connector.type)
        guard driver.descriptor.schemaDiscovery else {
            throw ConnectorError(.notFound, message: "\(driver.descriptor.displayName) connectors have no schema to discover.")
        }
        let deadline = ContinuousClock.now + min(timeout ?? .seconds(30), Self.maximumTimeout)
        do {
            let (schema, call) = try await tracked {
                try await withPooledSession(connector, driver: driver, deadline: deadline) { session, call in
                    try await Self.withDeadline(deadline) {
                        try await driver.discover(session: session, context: self.context(for: call, deadline: deadline))
                    }
                }
            }
            return Redactor(secrets: call.secrets).redact(schema)
        } catch {
            throw Redactor(secrets: await secretValues(of: connector)).redact(Self.connectorError(from: error, logger: logger))
        }
    }
}
