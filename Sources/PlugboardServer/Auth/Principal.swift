import PlugboardCore
import PlugboardStore
import PlugboardRuntime

/// The authenticated caller: a global token (any application) or a token of one application, with a role.
public struct Principal: Sendable {
    /// Id of the API token that authenticated the request.
    public var tokenID: String
    /// The token's name, recorded as the caller of executions.
    public var name: String
    /// The one application the token is scoped to; nil for a global token.
    public var applicationID: String?
    /// What the token may do in the applications it can see.
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
