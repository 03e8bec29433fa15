import Hummingbird

/// The per-request context: Hummingbird's core storage plus the authenticated principal.
public struct PlugboardRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` on `/api/v1` routes.
    public var principal: Principal?

    /// A context with no principal yet; authentication sets it.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The principal, or `unauthorized` when the route was reached without one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthorized }
        return principal
    }
}
