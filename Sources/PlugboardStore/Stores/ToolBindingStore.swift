import PlugboardCore

/// Agent tool bindings: which connector actions an application exposes to agents over MCP.
///
/// A binding is written together with its `dependents` row in one transaction, so a connector with a binding
/// is refused deletion with `connector_in_use`.
public protocol ToolBindingStore: Sendable {
    /// Adds a binding and its dependent row; `already_exists` when the connector already has a binding.
    func insertToolBinding(_ binding: ToolBindingRecord) async throws
    /// Replaces the binding's actions if its version is still `expectedVersion`; `conflict` otherwise.
    func updateToolBinding(_ binding: ToolBindingRecord, expectedVersion: Int) async throws
    /// The binding with this id in the application, or nil.
    func toolBinding(applicationID: String, id: String) async throws -> ToolBindingRecord?
    /// Every binding of the application, oldest first.
    func toolBindings(applicationID: String) async throws -> [ToolBindingRecord]
    /// Deletes the binding and its dependent row; `not_found` when there is none with this id.
    func deleteToolBinding(applicationID: String, id: String) async throws
}
