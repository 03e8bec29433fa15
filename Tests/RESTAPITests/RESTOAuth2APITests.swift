import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// An OAuth2 access token the service refuses is refreshed through the credential vault and the request sent once more.
@Suite struct RESTOAuth2APITests {
    private static func credentialFields(_ server: UpstreamServer, accessToken: String, secret: String = UpstreamServer.oauthClientSecret) -> JSONObject {
        [
            "tokenUrl": .string(server.baseURL + "/standard-oauth/token"), "clientId": .string(UpstreamServer.oauthClientID),
            "clientSecret": .string(secret), "accessToken": .string(accessToken),
        ]
    }

    @Test func refusedTokenIsRefreshedAndTheRequestRetriedOnce() async throws {
        let stale = "rest-stale-access-token-61c0d"
        try await RESTAPIFixture.run { api, server in
            let credential = try await api.makeCredential(RESTAPIFixture.app, name: "oauth", kind: "oauth2", fields: Self.credentialFields(server, accessToken: stale))
            try await RESTAPIFixture.connector(api, "oauth", baseURL: server.baseURL, credential: credential)
            let reply = try await RESTAPIFixture.request(api, "oauth", ["path": "/auth/oauth"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["status"] == 200)
            #expect(reply.output["attempts"] == 2)
            #expect(server.requests(to: "/standard-oauth/token").count == 1)
            #expect(server.requests(to: "/auth/oauth").map { $0.header("Authorization") } == ["Bearer \(stale)", "Bearer \(UpstreamServer.oauthAccessToken)"])
            #expect(!reply.text.contains(UpstreamServer.oauthAccessToken))

            // The new token was stored: the next call uses it at once.
            let next = try await RESTAPIFixture.request(api, "oauth", ["path": "/auth/oauth"])
            #expect(next.output["attempts"] == 1)
            #expect(server.requests(to: "/auth/oauth").count == 3)
            #expect(server.requests(to: "/standard-oauth/token").count == 1)
        }
    }

    @Test func concurrentRefusalsShareOneRefresh() async throws {
        try await RESTAPIFixture.run { api, server in
            let credential = try await api.makeCredential(
                RESTAPIFixture.app, name: "oauth", kind: "oauth2", fields: Self.credentialFields(server, accessToken: "stale-shared-0b7e"))
            try await RESTAPIFixture.connector(api, "oauth", baseURL: server.baseURL, credential: credential)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { Int(try await RESTAPIFixture.request(api, "oauth", ["path": "/auth/oauth"]).status.code) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 6))
            #expect(server.requests(to: "/standard-oauth/token").count == 1)
        }
    }

    @Test func refreshThatFailsIsAuthenticationFailedAfterOneAttempt() async throws {
        try await RESTAPIFixture.run { api, server in
            let credential = try await api.makeCredential(
                RESTAPIFixture.app, name: "oauth", kind: "oauth2",
                fields: Self.credentialFields(server, accessToken: "stale-1f2e", secret: "wrong-client-secret-99"))
            try await RESTAPIFixture.connector(api, "oauth", baseURL: server.baseURL, credential: credential)
            let reply = try await RESTAPIFixture.request(api, "oauth", ["path": "/auth/oauth"])
            #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
            #expect(server.requests(to: "/auth/oauth").count == 1)
            #expect(server.requests(to: "/standard-oauth/token").count == 1)
            #expect(!reply.text.contains("wrong-client-secret-99"))
        }
    }

    @Test func bearerTokenIsNotRefreshed() async throws {
        try await RESTAPIFixture.run { api, server in
            let credential = try await api.makeCredential(RESTAPIFixture.app, name: "bearer", kind: "bearer_token", fields: ["token": "plain-bearer-5d"])
            try await RESTAPIFixture.connector(api, "bearer", baseURL: server.baseURL, credential: credential)
            let reply = try await RESTAPIFixture.request(api, "bearer", ["path": "/auth/oauth"])
            #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
            #expect(server.requests(to: "/auth/oauth").count == 1)
            #expect(server.requests(to: "/standard-oauth/token").isEmpty)
        }
    }
}
