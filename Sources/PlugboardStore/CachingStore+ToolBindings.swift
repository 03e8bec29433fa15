extension CachingStore {
    /// Written through; bindings are not cached here (the MCP tool table keeps its own, invalidated by changes).
    public func insertToolBinding(_ binding: ToolBindingRecord) async throws { try await base.insertToolBinding(binding) }
    /// Written through to the base store.
    public func updateToolBinding(_ binding: ToolBindingRecord, expectedVersion: Int) async throws {
        try await base.updateToolBinding(binding, expectedVersion: expectedVersion)
    }
    /// Read from the base store.
    public func toolBinding(applicationID: String, id: String) async throws -> ToolBindingRecord? {
        try await base.toolBinding(applicationID: applicationID, id: id)
    }
    /// Read from the base store.
    public func toolBindings(applicationID: String) async throws -> [ToolBindingRecord] {
        try await base.toolBindings(applicationID: applicationID)
    }
    /// Written through to the base store.
    public func deleteToolBinding(applicationID: String, id: String) async throws {
        try await base.deleteToolBinding(applicationID: applicationID, id: id)
    }
}
