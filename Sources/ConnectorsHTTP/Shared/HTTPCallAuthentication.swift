import PlugboardCore

/// The linked credential as one call applies it: the current `HTTPAuthentication` and one OAuth2 token refresh after a
/// 401. Every secret it derives (an encoded key, a Basic blob, the old and the new token) joins the call's redactor.
///
/// Nodes send with `authentication`, then ask `refresh(after:context:service:)` whether to send once more.
public struct HTTPCallAuthentication: Sendable {
    /// Turns a credential into what a request carries; nodes with their own rules (OpenAPI security schemes) pass theirs.
    public typealias Authenticate = @Sendable (Credential?) throws(ConnectorError) -> HTTPAuthentication

    /// What requests carry now.
    public private(set) var authentication: HTTPAuthentication
    private let callRedactor: CallRedactor
    private var refreshed = false
    private let authenticate: Authenticate

    /// Applies the call's credential; throws `authentication_failed` when it lacks its secret.
    public init(context: CallContext, authenticate: @escaping Authenticate = { credential throws(ConnectorError) in
        try HTTPAuthentication(credential: credential)
    }) throws(ConnectorError) {
        self.authenticate = authenticate
        callRedactor = context.redactor
        authentication = try authenticate(context.credential)
        callRedactor.add(authentication.secrets)
    }

    /// Removes every secret this call has sent, refreshed tokens included.
    public var redactor: Redactor { callRedactor.redactor }

    /// Claims the call's one refresh: true, once, when `status` is 401 and `credential` is OAuth2.
    public mutating func claimRefresh(after status: Int, credential: Credential?) -> Bool {
        guard status == 401, !refreshed, credential?.kind == .oauth2 else { return false }
        refreshed = true
        return true
    }

    /// Applies a refreshed credential, keeping the old secrets for redaction.
    public mutating func renew(with credential: Credential) throws(ConnectorError) {
        authentication = try authenticate(credential)
        callRedactor.add(authentication.secrets)
    }

    /// After a 401 with an OAuth2 credential, refreshes the token once per call and applies it; true when the request
    /// should be sent again. Refresh failures become redacted `authentication_failed` errors.
    public mutating func refresh(after status: Int, context: CallContext, service: String) async throws(ConnectorError) -> Bool {
        guard claimRefresh(after: status, credential: context.credential),
            let fresh = try await Self.refreshedCredential(context: context, service: service, redactor: redactor)
        else { return false }
        try renew(with: fresh)
        return true
    }

    /// Asks the runtime for a fresh OAuth2 credential (shared with concurrent calls by the vault); nil when there is none.
    public static func refreshedCredential(
        context: CallContext, service: String, redactor: Redactor
    ) async throws(ConnectorError) -> Credential? {
        do {
            return try await context.refreshCredential()
        } catch let error as ConnectorError {
            throw redactor.redact(error)
        } catch {
            throw ConnectorError(
                .authenticationFailed, message: "\(service) refused the OAuth2 access token, and it could not be refreshed.",
                fix: "Authorize the OAuth2 credential again.")
        }
    }
}
