import Foundation
import PlugboardCore

/// Fetches OAuth2 access tokens (client credentials, or a refresh token), one fetch per credential at a time.
actor OAuth2Refresher {
    private var inFlight: [String: Task<Credential, Error>] = [:]

    /// Runs `fetch` unless a fetch for this credential is already under way, in which case its result is shared.
    func refresh(_ credentialID: String, _ fetch: @escaping @Sendable () async throws -> Credential) async throws -> Credential {
        if let running = inFlight[credentialID] { return try await running.value }
        let task = Task { try await fetch() }
        inFlight[credentialID] = task
        defer { inFlight[credentialID] = nil }
        return try await task.value
    }

    /// Whether the access token is missing or expires within a minute.
    static func needsToken(_ credential: Credential) -> Bool {
        guard let token = credential["accessToken"], !token.isEmpty else { return true }
        guard let expiry = credential["expiresAt"].flatMap(ISO8601.date(from:)) else { return false }
        return expiry.timeIntervalSinceNow < 60
    }

    /// Calls the token endpoint and returns the fields to store: accessToken, expiresAt and a rotated refreshToken.
    static func fetchToken(for credential: Credential, network: any NetworkAccess) async throws -> [String: String] {
        var form: [(String, String)]
        if credential["grantType"] == "authorization_code" {
            guard let refreshToken = credential["refreshToken"], !refreshToken.isEmpty else {
                throw ConnectorError(
                    .authenticationFailed, message: "The OAuth2 access token expired and there is no refresh token.",
                    fix: "Sign in again with Connect (plugboard credentials connect); ask the provider for offline access so a refresh token is issued.")
            }
            form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        } else {
            form = [("grant_type", "client_credentials")]
        }
        if let scope = credential["scope"], !scope.isEmpty { form.append(("scope", scope)) }
        return try await OAuth2TokenEndpoint.post(form, for: credential, network: network).fields
    }
}
