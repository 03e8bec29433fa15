import Foundation
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// Creates, changes and deletes agent tool bindings: checks that the connector exists in the application and offers
/// every named action (its type's table or, for types with their own actions, what the connector reads from its
/// service), writes the binding with its dependent row, and announces the change to MCP sessions.
struct ToolBindingCatalog: Sendable {
    let runtime: Runtime

    /// Binds `actions` of the connector named by `reference` (id or name).
    func create(applicationID: String, connector reference: String, actions: [String]) async throws -> ToolBindingRecord {
        guard let connector = try await runtime.store.connector(applicationID: applicationID, reference) else {
            throw ConnectorError(
                .invalidInput, message: "There is no connector '\(reference)' in this application.",
                fix: "Use the id or name of one of the application's connectors.", field: "connectorId")
        }
        try await check(actions, of: connector)
        let binding = ToolBindingRecord(applicationID: applicationID, connectorID: connector.id, actions: actions)
        try await runtime.store.insertToolBinding(binding)
        announce(applicationID)
        return binding
    }

    /// Replaces the bound actions.
    func update(_ binding: ToolBindingRecord, actions: [String]) async throws -> ToolBindingRecord {
        guard let connector = try await runtime.store.connector(applicationID: binding.applicationID, binding.connectorID) else {
            throw ConnectorError.notFound("connector", binding.connectorID)
        }
        try await check(actions, of: connector)
        var updated = binding
        updated.actions = actions
        updated.version += 1
        updated.updatedAt = Date()
        try await runtime.store.updateToolBinding(updated, expectedVersion: binding.version)
        announce(binding.applicationID)
        return updated
    }

    /// Deletes the binding; its connector may then be deleted.
    func delete(_ binding: ToolBindingRecord) async throws {
        try await runtime.store.deleteToolBinding(applicationID: binding.applicationID, id: binding.id)
        announce(binding.applicationID)
    }

    /// The binding whose id is `reference`, or the binding of the connector whose id or name it is.
    func binding(applicationID: String, _ reference: String) async throws -> ToolBindingRecord? {
        if let binding = try await runtime.store.toolBinding(applicationID: applicationID, id: reference) { return binding }
        guard let connector = try await runtime.store.connector(applicationID: applicationID, reference) else { return nil }
        return try await runtime.store.toolBindings(applicationID: applicationID).first { $0.connectorID == connector.id }
    }

    /// Refuses an empty list, duplicates, and names the connector does not offer (listing those it does).
    func check(_ actions: [String], of connector: ConnectorRecord) async throws {
        guard !actions.isEmpty else {
            throw ConnectorError.invalidInput("Name at least one action to expose as a tool.", field: "actions")
        }
        guard Set(actions).count == actions.count else {
            throw ConnectorError.invalidInput("Each action may be named once.", field: "actions")
        }
        let type = try runtime.registry.driver(for: connector.type).descriptor
        var available = type.actions.map(\.name)
        if type.connectorActions, actions.contains(where: { type.action(named: $0) == nil }) {
            available = try await runtime.actions(of: connector).map(\.name)
        }
        if let missing = actions.first(where: { !available.contains($0) }) {
            throw ConnectorError(
                .invalidInput, message: "The connector '\(connector.name)' has no action '\(missing)'.",
                fix: available.isEmpty ? "This connector offers no actions." : "Use one of: \(available.joined(separator: ", ")).",
                field: "actions")
        }
    }

    private func announce(_ applicationID: String) {
        runtime.changes.publish(CatalogChange(applicationID: applicationID, kind: .toolBindings))
    }
}
