import Foundation
import HTTPTypes
import Hummingbird
import PlugboardCore

extension UpstreamServer {
    /// The client id `/standard-oauth/token` accepts.
    public static let oauthClientID = "upstream-client"
    /// The client secret `/standard-oauth/token` accepts.
    public static let oauthClientSecret = "upstream-client-secret-7d1e"
    /// The access token `/standard-oauth/token` issues and `/auth/oauth` accepts.
    public static let oauthAccessToken = "upstream-fresh-access-token-93b2c4"

    /// An OAuth2 token endpoint and a resource that wants its token (under their own prefix, so tests may still add an `/oauth/token`):
    /// - `POST /standard-oauth/token` with `grant_type=client_credentials` and the client id and secret in Basic auth issues
    ///   `oauthAccessToken` (401 `invalid_client` otherwise);
    /// - `GET /auth/oauth` answers 200 for `Bearer <oauthAccessToken>` and 401 with `WWW-Authenticate` for any other.
    static func addOAuthRoutes(to router: Router<BasicRequestContext>) {
        router.post("/standard-oauth/token") { request, _ in
            let expected = "Basic " + Data("\(oauthClientID):\(oauthClientSecret)".utf8).base64EncodedString()
            let form = RecordedRequest.parseQuery(String(buffer: try await request.body.collect(upTo: 1 << 16)))
            guard request.headers[.authorization] == expected, form.contains(where: { $0 == ("grant_type", "client_credentials") }) else {
                return json(["error": "invalid_client"], status: .unauthorized)
            }
            return json(["access_token": .string(oauthAccessToken), "token_type": "bearer", "expires_in": 3600])
        }
        router.get("/auth/oauth") { request, _ in
            guard request.headers[.authorization] == "Bearer \(oauthAccessToken)" else {
                var response = json(["error": "invalid_token"], status: .unauthorized)
                response.headers[.wwwAuthenticate] = #"Bearer error="invalid_token""#
                return response
            }
            return json(["authenticated": true])
        }
    }
}
