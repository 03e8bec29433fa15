import Crypto
import Foundation
import Logging
import PlugboardCore
import PlugboardStore

/// The OAuth2 authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636): `startSignIn` makes the provider's
/// consent URL and records the sign-in; `finishSignIn` takes the provider's answer at `/oauth2/callback`, checks
/// its `state` (known, unused, not expired), exchanges the code with the verifier, and stores the tokens sealed.
extension CredentialVault {
    /// How long a user has between Connect and the provider's answer.
    public static let signInLifetime: TimeInterval = 600

    /// A sign-in under way: where to send the user.
    public struct SignIn: Sendable {
        /// The provider's consent page, with state and code challenge.
        public var authorizationURL: String
        /// The redirect URI the provider must have registered.
        public var redirectURI: String
        /// After this the answer is refused.
        public var expiresAt: Date
    }

    /// Starts a sign-in for an OAuth2 credential of the authorization code grant. `callbackURL` is this server's
    /// `/oauth2/callback`, used unless the credential names its own redirect URI.
    public func startSignIn(_ record: CredentialRecord, callbackURL: String, startedBy: String, logger: Logger) async throws -> SignIn {
        guard record.kind == .oauth2 else {
            throw ConnectorError.invalidInput("Only OAuth2 credentials sign in; '\(record.name)' is a \(record.kind.displayName) credential.")
        }
        let credential = try open(record)
        guard credential["grantType"] == "authorization_code" else {
            throw ConnectorError(
                .invalidInput, message: "'\(record.name)' uses the client credentials grant, which has no sign-in.",
                fix: "Set its grant type to authorization_code and give the authorization URL.", field: "grantType")
        }
        guard let authorizeURL = credential["authorizeUrl"], let base = URL(string: authorizeURL), ["http", "https"].contains(base.scheme ?? "") else {
            throw ConnectorError(
                .invalidInput, message: "'\(record.name)' has no authorization URL to send the user to.",
                fix: "Edit the credential and set authorizeUrl to the provider's consent page.", field: "authorizeUrl")
        }
        let redirectURI = credential["redirectUri"].flatMap { $0.isEmpty ? nil : $0 } ?? callbackURL
        let state = Self.randomToken()
        let verifier = Self.randomToken()
        var parameters = [
            ("response_type", "code"), ("client_id", credential["clientId"] ?? ""), ("redirect_uri", redirectURI),
        ]
        if let scope = credential["scope"], !scope.isEmpty { parameters.append(("scope", scope)) }
        parameters += [("state", state), ("code_challenge", Self.challenge(for: verifier)), ("code_challenge_method", "S256")]
        parameters += OAuth2AuthorizeParameters.pairs(credential["authorizeParameters"] ?? "").map { ($0.name, $0.value) }
        let query = parameters.map { "\(OAuth2TokenEndpoint.formEncode($0.0))=\(OAuth2TokenEndpoint.formEncode($0.1))" }.joined(separator: "&")
        let now = Date()
        let authorization = OAuth2AuthorizationRecord(
            stateHash: Self.hash(state), applicationID: record.applicationID, credentialID: record.id,
            sealedVerifier: try box.seal(["codeVerifier": verifier], applicationID: record.applicationID, credentialID: record.id),
            redirectURI: redirectURI, startedBy: startedBy, createdAt: now, expiresAt: now.addingTimeInterval(Self.signInLifetime))
        try await store.insertAuthorization(authorization)
        logger.info("OAuth2 sign-in started", metadata: ["credential": "\(record.id)", "startedBy": "\(startedBy)"])
        return SignIn(
            authorizationURL: authorizeURL + (authorizeURL.contains("?") ? "&" : "?") + query, redirectURI: redirectURI,
            expiresAt: authorization.expiresAt)
    }

    /// Finishes the sign-in the provider answered: the credential with its new tokens, and who signed in.
    /// An unknown, used or expired `state` is refused before anything is sent to the provider.
    public func finishSignIn(
        state: String?, code: String?, error: String?, errorDescription: String?, logger: Logger
    ) async throws -> (credential: CredentialRecord, signedInAs: String?) {
        guard let state, !state.isEmpty, let authorization = try await store.takeAuthorization(stateHash: Self.hash(state)) else {
            throw ConnectorError(
                .invalidInput, message: "This sign-in answer is unknown or was already used.",
                fix: "Start again with Connect; each sign-in link works once.", field: "state")
        }
        guard authorization.expiresAt > Date() else {
            throw ConnectorError(
                .invalidInput, message: "This sign-in took longer than \(Int(Self.signInLifetime / 60)) minutes and expired.",
                fix: "Start again with Connect.", field: "state")
        }
        if let error {
            throw ConnectorError(
                .authenticationFailed, message: "The provider did not sign in: \(error)\(errorDescription.map { " (\($0))" } ?? "").",
                fix: error == "access_denied" ? "Start again with Connect and allow the access." : "Check the credential's client id, scope and redirect URI at the provider.")
        }
        guard let code, !code.isEmpty else {
            throw ConnectorError.invalidInput("The provider's answer has no authorization code.", field: "code")
        }
        guard let record = try await store.credential(applicationID: authorization.applicationID, authorization.credentialID) else {
            throw ConnectorError.notFound("credential", authorization.credentialID)
        }
        let verifier = try box.open(authorization.sealedVerifier, applicationID: record.applicationID, credentialID: record.id)["codeVerifier"] ?? ""
        let credential = try open(record)
        let answer = try await OAuth2TokenEndpoint.post(
            [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", authorization.redirectURI), ("code_verifier", verifier)],
            for: credential, network: network)
        let signedInAs = try await identity(answer, credential: credential)
        var fields = credential.fields.filter { !["accessToken", "refreshToken", "expiresAt", "connectedAs"].contains($0.key) }
        fields.merge(answer.fields) { _, new in new }
        fields["connectedAt"] = ISO8601.string(from: Date())
        if let signedInAs { fields["connectedAs"] = signedInAs }
        let updated = try seal(
            id: record.id, applicationID: record.applicationID, name: record.name, kind: record.kind, fields: fields,
            version: record.version + 1, createdAt: record.createdAt)
        try await store.updateCredential(updated, expectedVersion: record.version)
        logger.info(
            "OAuth2 sign-in finished",
            metadata: ["credential": "\(record.id)", "startedBy": "\(authorization.startedBy)", "signedInAs": "\(signedInAs ?? "unknown")"])
        return (updated, signedInAs)
    }

    /// Who signed in: the ID token's email or name (it came straight from the token endpoint, so its signature
    /// need not be checked, OpenID Connect Core §3.1.3.7), else the user info URL's answer.
    private func identity(_ answer: OAuth2TokenEndpoint.Answer, credential: Credential) async throws -> String? {
        if let claims = answer.idToken.flatMap(Self.claims(ofJWT:)), let name = Self.displayName(claims) { return name }
        guard let userinfo = credential["userinfoUrl"], !userinfo.isEmpty, let token = answer.fields["accessToken"] else { return nil }
        let response = try? await OAuth2TokenEndpoint.send(
            HTTPRequestMessage(method: "GET", url: userinfo, headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]),
            network: network)
        guard let response, (200..<300).contains(response.status), let json = try? JSONParser.parse(response.body) else { return nil }
        return Self.displayName(json)
    }

    static func displayName(_ claims: JSONValue) -> String? {
        for key in ["email", "preferred_username", "login", "name", "sub"] {
            if let value = claims[key]?.stringValue, !value.isEmpty { return value }
        }
        return nil
    }

    static func claims(ofJWT token: String) -> JSONValue? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])) else { return nil }
        return try? JSONParser.parse(payload)
    }

    /// 32 random bytes, base64url without padding: a state or a PKCE verifier (43 characters, RFC 7636 §4.1).
    static func randomToken() -> String { Base64URL.random(byteCount: 32) }

    /// The S256 code challenge of a verifier (RFC 7636 §4.2).
    static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    static func hash(_ state: String) -> String {
        Hex.encode(SHA256.hash(data: Array(state.utf8)))
    }
}
