import PlugboardCore
import PlugboardStore
import PlugboardRuntime

/// The authenticated caller: a global token (any application) or a token of one application, with a role.
public struct Principal: Sendable {
    public var tokenID: String
    public var name: String
    public var applicationID: String?
    public var role: TokenRole

    init(_ token: TokenRecord) {
        self.tokenID = token.id
        self.name = token.name
        self.applicationID = token.applicationID
        self.role = token.role
    }

    var isGlobalAdmin: Bool { applicationID == nil && role == .admin }

    var caller: Caller { Caller(tokenID: tokenID, tokenName: name) }

    /// Whether this token may see the application at all; other applications look like they do not exist.
    func canSee(_ application: ApplicationRecord) -> Bool {
        applicationID == nil || applicationID == application.id
    }

    /// Refuses with 404 for another application's resources and 403 for a role that is too low.
    func authorize(_ needed: TokenRole, in application: ApplicationRecord, to action: String) throws {
        guard canSee(application) else { throw ConnectorError.notFound("application", application.name) }
        guard role >= needed else { throw APIError.forbidden(action) }
    }

    /// Refuses unless this is a global token with at least `needed`.
    func authorizeGlobal(_ needed: TokenRole, to action: String) throws {
        guard applicationID == nil, role >= needed else { throw APIError.forbidden(action) }
    }
}
