import PlugboardCore

/// Applications: the tenant scopes everything else belongs to.
public protocol ApplicationStore: Sendable {
    /// Adds an application; `already_exists` when the name is taken.
    func insertApplication(_ application: ApplicationRecord) async throws
    /// A page of applications, by name.
    func applications(_ page: PageRequest) async throws -> Page<ApplicationRecord>
    /// By id or by name.
    func application(_ reference: String) async throws -> ApplicationRecord?
}
