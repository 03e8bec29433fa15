import PlugboardCore

/// Connectors and their dependents (bindings, later triggers and workflow steps), which keep a connector from being deleted.
public protocol ConnectorStore: Sendable {
    /// Adds a connector; `already_exists` when the name is taken in the application.
    func insertConnector(_ connector: ConnectorRecord) async throws
    /// Replaces the row if its version is still `expectedVersion`.
    func updateConnector(_ connector: ConnectorRecord, expectedVersion: Int) async throws
    /// By id or by name, within the application.
    func connector(applicationID: String, _ reference: String) async throws -> ConnectorRecord?
    /// A page of the application's connectors that match `filter`, in its order.
    func connectors(applicationID: String, filter: ConnectorFilter, _ page: PageRequest) async throws -> Page<ConnectorRecord>
    /// Refused with `connector_in_use` (listing them) while dependents exist.
    func deleteConnector(applicationID: String, id: String) async throws
    /// Records something that uses a connector, which then cannot be deleted.
    func insertDependent(_ dependent: DependentRecord) async throws
    /// Removes a dependent; nothing happens when there is none with this id.
    func deleteDependent(id: String) async throws
    /// What uses the connector, oldest first.
    func dependents(connectorID: String) async throws -> [DependentRecord]
}
