import Foundation
import PlugboardCore

/// An OAuth2 credential's token endpoint: one form POST with the client authenticated (HTTP Basic when there is a
/// client secret, `client_id` in the form for a public client), the answer read into the fields to store.
enum OAuth2TokenEndpoint {
    /// What the endpoint answered: `accessToken`, and `refreshToken` and `expiresAt` when given; the OpenID
    /// Connect ID token when there is one.
    struct Answer {
        var fields: [String: String]
        var idToken: String?
    }

    static func post(_ form: [(String, String)], for credential: Credential, network: any NetworkAccess) async throws -> Answer {
        guard let tokenURL = credential["tokenUrl"], let clientID = credential["clientId"] else {
            throw ConnectorError(.authenticationFailed, message: "The OAuth2 credential has no token URL or client id.", fix: "Edit the credential and set tokenUrl and clientId.")
        }
        var form = form
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if let secret = credential["clientSecret"], !secret.isEmpty {
            let basic = Data("\(formEncode(clientID)):\(formEncode(secret))".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(basic)"))
        } else {
            form.append(("client_id", clientID))
        }
        let body = form.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        let response = try await send(HTTPRequestMessage(method: "POST", url: tokenURL, headers: headers, body: Array(body.utf8)), network: network)
        let json = (try? JSONParser.parse(response.body)) ?? .null
        guard (200..<300).contains(response.status), let accessToken = json["access_token"]?.stringValue else {
            let reason = [json["error"]?.stringValue, json["error_description"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            throw ConnectorError(
                .authenticationFailed,
                message: "The OAuth2 token endpoint refused the request (HTTP \(response.status)\(reason.isEmpty ? "" : ", \(reason)")).",
                fix: "Check the credential's client id, client secret and scope, and sign in again if the grant was revoked.",
                details: ["status": .integer(Int64(response.status))])
        }
        var fields = ["accessToken": accessToken]
        if let refreshToken = json["refresh_token"]?.stringValue { fields["refreshToken"] = refreshToken }
        if let expiresIn = json["expires_in"]?.doubleValue ?? json["expires_in"]?.stringValue.flatMap(Double.init) {
            fields["expiresAt"] = ISO8601.string(from: Date().addingTimeInterval(expiresIn))
        }
        return Answer(fields: fields, idToken: json["id_token"]?.stringValue)
    }

    /// One request on a client of its own, shut down whatever happens.
    static func send(_ request: HTTPRequestMessage, network: any NetworkAccess) async throws -> HTTPResponseMessage {
        let client = try await network.makeHTTPClient(HTTPClientOptions(maxRedirects: 0, maxConnectionsPerHost: 1))
        do {
            let response = try await client.send(request, deadline: .now + .seconds(30))
            await client.shutdown()
            return response
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `application/x-www-form-urlencoded` text of a name or value (RFC 6749 §2.3.1 for the client's id and secret).
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
