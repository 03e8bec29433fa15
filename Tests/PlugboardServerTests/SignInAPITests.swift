import Crypto
import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardStore
import PlugboardTestSupport
import Testing

/// OAuth2 sign-in (authorization code with PKCE) against the Google double, the test playing the user's browser:
/// Connect gives the consent URL, the double's consent form sends back a code, `/oauth2/callback` finishes it.
@Suite struct SignInAPITests {
    static let publicURL = "http://plugboard.test"
    static let callback = publicURL + "/oauth2/callback"

    /// A fresh client and user at the double, and an application with an `authorization_code` credential for them.
    struct Setup {
        let google: GoogleDouble
        let clientID = "client-" + UUID().uuidString.prefix(8).lowercased()
        let secret = "client-secret-" + UUID().uuidString
        let email = "user-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let app = "mail"

        init() async throws {
            google = try GoogleDouble.fromEnvironment()
            try await google.registerClient(id: clientID, secret: secret, redirectURIs: [SignInAPITests.callback])
            try await google.addUser(email, name: "Alice Example")
        }

        func credential(_ api: APIClient, name: String = "gmail-user", _ extra: JSONObject = [:]) async throws {
            var fields: JSONObject = [
                "grantType": "authorization_code", "authorizeUrl": .string(google.authorizeURL), "tokenUrl": .string(google.tokenURL),
                "clientId": .string(clientID), "clientSecret": .string(secret),
                "scope": "openid email https://www.googleapis.com/auth/gmail.readonly", "authorizeParameters": "access_type=offline&prompt=consent",
            ]
            for (key, value) in extra { fields[key] = value }
            let reply = try await api.call(.post, "/api/v1/applications/\(app)/credentials", ["name": .string(name), "kind": "oauth2", "fields": .object(fields)])
            #expect(reply.status == .created, "\(reply.text)")
        }

        /// Connect, then the consent page as `email`: the callback path and query the double redirects to.
        func signIn(_ api: APIClient, credential: String = "gmail-user", allow: Bool = true) async throws -> String {
            let started = try await api.call(.post, "/api/v1/applications/\(app)/credentials/\(credential)/connect")
            #expect(started.status == .ok, "\(started.text)")
            let location = try await google.consent(try #require(started.json["authorizationUrl"]?.stringValue), as: email, allow: allow)
            #expect(location.hasPrefix(SignInAPITests.callback + "?"), "\(location)")
            return String(location.dropFirst(SignInAPITests.publicURL.count))
        }
    }

    static func fixture() async throws -> APIFixture {
        try await APIFixture(environment: ["PLUGBOARD_PUBLIC_URL": publicURL])
    }

    @Test func signingInStoresTheTokensAndSaysWhoSignedIn() async throws {
        let setup = try await Setup()
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            try await api.makeApplication(setup.app)
            try await setup.credential(api)
            let started = try await api.call(.post, "/api/v1/applications/mail/credentials/gmail-user/connect")
            let url = try #require(URLComponents(string: started.json["authorizationUrl"]?.stringValue ?? ""))
            let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(query["response_type"] == "code" && query["client_id"] == setup.clientID && query["redirect_uri"] == Self.callback)
            #expect(query["code_challenge_method"] == "S256" && query["code_challenge"]?.count == 43 && query["state"]?.count == 43)
            #expect(query["access_type"] == "offline" && query["prompt"] == "consent")
            #expect(started.json["redirectUri"]?.stringValue == Self.callback)

            let location = try await setup.google.consent(url.string!, as: setup.email)
            let page = try await api.call(.get, String(location.dropFirst(Self.publicURL.count)), token: nil)
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.headers[.init("Referrer-Policy")!] == "no-referrer")
            #expect(page.text.contains(setup.email))

            let stored = try await api.call(.get, "/api/v1/applications/mail/credentials/gmail-user")
            #expect(stored.json["fields"]?["connectedAs"]?.stringValue == setup.email)
            #expect(stored.json["fields"]?["connectedAt"]?.stringValue != nil)
            let secrets = stored.json["secretFields"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(secrets.contains("accessToken") && secrets.contains("refreshToken"), "\(secrets)")

            // The tokens work: a REST connector on the credential reads the user's Gmail profile.
            try await api.makeRESTConnector(setup.app, name: "gmail-api", baseURL: setup.google.root, credential: "gmail-user")
            let profile = try await api.call(.post, "/api/v1/applications/mail/connectors/gmail-api/actions/request", ["path": "/gmail/v1/users/me/profile"])
            #expect(profile.status == .ok, "\(profile.text)")
            #expect(profile.json["output"]?["body"]?["emailAddress"]?.stringValue == setup.email, "\(profile.text)")

            // Refresh works as before: an expired access token is replaced through the refresh token.
            try await api.call(.patch, "/api/v1/applications/mail/credentials/gmail-user", ["fields": ["expiresAt": "2001-01-01T00:00:00Z"]])
            let again = try await api.call(.post, "/api/v1/applications/mail/connectors/gmail-api/actions/request", ["path": "/gmail/v1/users/me/profile"])
            #expect(again.status == .ok, "\(again.text)")
            let refreshed = try await api.call(.get, "/api/v1/applications/mail/credentials/gmail-user")
            #expect((refreshed.json["version"]?.integerValue ?? 0) > (stored.json["version"]?.integerValue ?? 0))
            #expect(refreshed.json["expiresAt"]?.stringValue?.hasPrefix("2001") == false)
            #expect(fixture.logs.text.contains("OAuth2 sign-in finished"))
            #expect(!fixture.logs.text.contains(setup.secret))
        }
    }

    @Test func aStateIsUsedOnceAndExpires() async throws {
        let setup = try await Setup()
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            try await api.makeApplication(setup.app)
            try await setup.credential(api)
            let callback = try await setup.signIn(api)
            #expect(try await api.call(.get, callback, token: nil).status == .ok)
            let before = try await api.call(.get, "/api/v1/applications/mail/credentials/gmail-user")

            let replayed = try await api.call(.get, callback, token: nil)
            #expect(replayed.status == .badRequest)
            #expect(replayed.text.contains("unknown or was already used"), "\(replayed.text)")
            #expect(replayed.text.contains("data-code=\"invalid_input\""))
            let after = try await api.call(.get, "/api/v1/applications/mail/credentials/gmail-user")
            #expect(after.json["version"] == before.json["version"], "a replayed state changes nothing")

            // A sign-in older than its lifetime is refused before the provider is asked.
            let application = try #require(try await fixture.instance.store.application("mail"))
            let credential = try #require(try await fixture.instance.store.credential(applicationID: application.id, "gmail-user"))
            let hash = SHA256.hash(data: Array("stale-state".utf8)).map { String(format: "%02x", $0) }.joined()
            try await fixture.instance.store.insertAuthorization(OAuth2AuthorizationRecord(
                stateHash: hash, applicationID: application.id, credentialID: credential.id,
                sealedVerifier: try fixture.instance.box.seal(["codeVerifier": "v"], applicationID: application.id, credentialID: credential.id),
                redirectURI: Self.callback, startedBy: "test", createdAt: Date().addingTimeInterval(-700), expiresAt: Date().addingTimeInterval(-100)))
            let expired = try await api.call(.get, "/oauth2/callback?state=stale-state&code=anything", token: nil)
            #expect(expired.status == .badRequest)
            #expect(expired.text.contains("expired"), "\(expired.text)")

            let unknown = try await api.call(.get, "/oauth2/callback?code=anything", token: nil)
            #expect(unknown.status == .badRequest)
        }
    }

    @Test func theCodeIsBoundToItsVerifier() async throws {
        let setup = try await Setup()
        try await Self.fixture().run { api in
            try await api.makeApplication(setup.app)
            try await setup.credential(api)
            // The code of one sign-in presented with the state (so the verifier) of another is refused by the provider.
            let first = try await setup.signIn(api)
            let second = try await setup.signIn(api)
            let code = try #require(URLComponents(string: first)?.queryItems?.first { $0.name == "code" }?.value)
            let state = try #require(URLComponents(string: second)?.queryItems?.first { $0.name == "state" }?.value)
            let crossed = try await api.call(.get, "/oauth2/callback?code=\(code)&state=\(state)", token: nil)
            #expect(crossed.status == .unprocessableContent, "\(crossed.text)")
            #expect(crossed.text.contains("invalid_grant"), "\(crossed.text)")
            let stored = try await api.call(.get, "/api/v1/applications/mail/credentials/gmail-user")
            #expect(stored.json["fields"]?["connectedAs"] == nil)
        }
    }

    @Test func refusalsAreShownAndStoreNothing() async throws {
        let setup = try await Setup()
        try await Self.fixture().run { api in
            try await api.makeApplication(setup.app)
            try await setup.credential(api)
            // The user denies at the consent page.
            let denied = try await api.call(.get, try await setup.signIn(api, allow: false), token: nil)
            #expect(denied.status == .unprocessableContent)
            #expect(denied.text.contains("access_denied"), "\(denied.text)")

            // A redirect URI the provider does not know is refused there, with no redirect back.
            try await setup.credential(api, name: "elsewhere", ["redirectUri": "http://elsewhere.test/oauth2/callback"])
            let started = try await api.call(.post, "/api/v1/applications/mail/credentials/elsewhere/connect")
            #expect(started.json["redirectUri"]?.stringValue == "http://elsewhere.test/oauth2/callback")
            let page = try await setup.google.fetch(try #require(started.json["authorizationUrl"]?.stringValue))
            #expect(page.status == 400 && page.location == nil)
            #expect(page.text.contains("redirect_uri_mismatch"))

            // Only authorization-code OAuth2 credentials sign in.
            try await api.call(.post, "/api/v1/applications/mail/credentials", [
                "name": "machine", "kind": "oauth2",
                "fields": ["tokenUrl": .string(setup.google.tokenURL), "clientId": .string(setup.clientID), "clientSecret": "s"],
            ])
            let machine = try await api.call(.post, "/api/v1/applications/mail/credentials/machine/connect")
            #expect(machine.status == .badRequest && machine.json["error"]?["field"] == "grantType", "\(machine.text)")

            // Who signed in is Plugboard's to say; reserved authorization parameters are refused.
            let forged = try await api.call(.patch, "/api/v1/applications/mail/credentials/gmail-user", ["fields": ["connectedAs": "mallory"]])
            #expect(forged.status == .badRequest && forged.json["error"]?["field"] == "connectedAs")
            let reserved = try await api.call(.patch, "/api/v1/applications/mail/credentials/gmail-user", ["fields": ["authorizeParameters": "state=fixed"]])
            #expect(reserved.status == .badRequest && reserved.json["error"]?["field"] == "authorizeParameters")
            let stored = try await api.call(.get, "/api/v1/applications/mail/credentials/gmail-user")
            #expect(stored.json["secretFields"]?.arrayValue?.contains("accessToken") == false)
        }
    }
}
