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
        guard let tokenURL = credential["tokenUrl"], let clientID = credential["clientId"] else {
            throw ConnectorError(.authenticationFailed, message: "The OAuth2 credential has no token URL or client id.", fix: "Edit the credential and set tokenUrl and clientId.")
        }
        var form: [(String, String)]
        if credential["grantType"] == "authorization_code" {
            guard let refreshToken = credential["refreshToken"], !refreshToken.isEmpty else {
                throw ConnectorError(.authenticationFailed, message: "The OAuth2 access token expired and there is no refresh token.", fix: "Authorize again and store the new tokens in the credential.")
            }
            form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        } else {
            form = [("grant_type", "client_credentials")]
        }
        if let scope = credential["scope"], !scope.isEmpty { form.append(("scope", scope)) }
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if let secret = credential["clientSecret"], !secret.isEmpty {
            let basic = Data("\(formEncode(clientID)):\(formEncode(secret))".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(basic)"))
        } else {
            form.append(("client_id", clientID))
        }
        let body = form.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        let client = try await network.makeHTTPClient(HTTPClientOptions(maxRedirects: 0, maxConnectionsPerHost: 1))
        let response: HTTPResponseMessage
        do {
            response = try await client.send(
                HTTPRequestMessage(method: "POST", url: tokenURL, headers: headers, body: Array(body.utf8)),
                deadline: .now + .seconds(30))
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw error
        }
        let json = (try? JSONParser.parse(response.body)) ?? .null
        guard (200..<300).contains(response.status), let accessToken = json["access_token"]?.stringValue else {
            let reason = [json["error"]?.stringValue, json["error_description"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            throw ConnectorError(
                .authenticationFailed,
                message: "The OAuth2 token endpoint refused the request (HTTP \(response.status)\(reason.isEmpty ? "" : ", \(reason)")).",
                fix: "Check the credential's client id, client secret, scope and refresh token.",
                details: ["status": .integer(Int64(response.status))])
        }
        var fields = ["accessToken": accessToken]
        if let refreshToken = json["refresh_token"]?.stringValue { fields["refreshToken"] = refreshToken }
        if let expiresIn = json["expires_in"]?.doubleValue ?? json["expires_in"]?.stringValue.flatMap(Double.init) {
            fields["expiresAt"] = ISO8601.string(from: Date().addingTimeInterval(expiresIn))
        }
        return fields
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
