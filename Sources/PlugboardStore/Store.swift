/// Plugboard's persistent state, one protocol per aggregate so each part of the server asks only for what it uses.
/// Every method is one transaction; failures are `ConnectorError`s (`already_exists`, `conflict`, `not_found`,
/// `connector_in_use`), never half-written rows.
///
/// The SQLite store is the embedded default; the PostgreSQL store implements the same protocols for shared deployments.
public protocol Store: ApplicationStore, CredentialStore, ConnectorStore, TokenStore, ExecutionStore, MetadataStore, ToolBindingStore,
    WorkflowStore, WorkflowRunStore, TriggerStore {
    /// Closes the store's database connections; nothing may use the store afterwards.
    func close() async
}
