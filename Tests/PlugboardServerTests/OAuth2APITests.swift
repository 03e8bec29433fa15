import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import PlugboardAPITestSupport
import Testing

@Suite struct OAuth2APITests {
    /// An authorization server and a protected API in one upstream: `/oauth/token` issues short-lived tokens.
    static func upstream(expiresIn: Int) -> UpstreamServer {
        UpstreamServer { router, recorder in
            router.post("/oauth/token") { request, _ in
                let attempt = recorder.increment("token")
                let form = String(decoding: (recorder.requests.last?.body ?? []), as: UTF8.self)
                let basic = "Basic " + Data("client-1:client-secret-XYZ".utf8).base64EncodedString()
                guard recorder.requests.last?.header("Authorization") == basic else {
                    return Response(status: .unauthorized, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"error":"invalid_client"}"#)))
                }
                try await Task.sleep(for: .milliseconds(100))
                let token = form.contains("grant_type=refresh_token") ? "refreshed-access-\(attempt)" : "access-token-\(attempt)"
                let body = #"{"access_token":"\#(token)","token_type":"bearer","expires_in":\#(expiresIn),"refresh_token":"rotated-refresh-\#(attempt)"}"#
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }
    }

    @Test func clientCredentialsTokensAreFetchedOnceAndReused() async throws {
        let upstream = Self.upstream(expiresIn: 3600)
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            let credential = try await api.call(.post, "/api/v1/applications/\(app)/credentials", [
                "name": "oauth", "kind": "oauth2",
                "fields": ["grantType": "client_credentials", "tokenUrl": .string(upstream.baseURL + "/oauth/token"),
                           "clientId": "client-1", "clientSecret": "client-secret-XYZ", "scope": "read"],
            ])
            #expect(credential.status == .created, "\(credential.text)")
            try await api.makeRESTConnector(app, name: "api", baseURL: upstream.baseURL, credential: "oauth")
            try await withThrowingTaskGroup(of: APIClient.Reply.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await api.call(.post, "/api/v1/applications/\(app)/connectors/api/actions/request", ["path": "/echo"]) }
                }
                for try await reply in group { #expect(reply.status == .ok, "\(reply.text)") }
            }
            #expect(upstream.requests(to: "/oauth/token").count == 1, "one refresh at a time")
            #expect(upstream.requests(to: "/echo").allSatisfy { $0.header("Authorization") == "Bearer access-token-1" })
            let stored = try await api.call(.get, "/api/v1/applications/\(app)/credentials/oauth")
            #expect(stored.json["expiresAt"]?.stringValue != nil)
            #expect(stored.json["secretFields"]?.arrayValue?.contains("accessToken") == true)
            #expect(!stored.text.contains("access-token-1"))
        }
    }

    @Test func anExpiringAuthorizationCodeTokenIsRefreshedBeforeUse() async throws {
        let upstream = Self.upstream(expiresIn: 3600)
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            let soon = ISO8601.string(from: Date().addingTimeInterval(20))
            try await api.call(.post, "/api/v1/applications/\(app)/credentials", [
                "name": "user-oauth", "kind": "oauth2",
                "fields": ["grantType": "authorization_code", "tokenUrl": .string(upstream.baseURL + "/oauth/token"),
                           "clientId": "client-1", "clientSecret": "client-secret-XYZ", "accessToken": "old-access",
                           "refreshToken": "refresh-1", "expiresAt": .string(soon)],
            ])
            try await api.makeRESTConnector(app, name: "api", baseURL: upstream.baseURL, credential: "user-oauth")
            let reply = try await api.call(.post, "/api/v1/applications/\(app)/connectors/api/actions/request", ["path": "/echo"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(upstream.requests(to: "/oauth/token").first?.bodyText.contains("grant_type=refresh_token&refresh_token=refresh-1") == true)
            #expect(upstream.requests(to: "/echo").last?.header("Authorization") == "Bearer refreshed-access-1")
        }
    }

    @Test func aRefusedTokenRequestIsAnAuthenticationFailure() async throws {
        let upstream = Self.upstream(expiresIn: 3600)
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            try await api.call(.post, "/api/v1/applications/\(app)/credentials", [
                "name": "bad", "kind": "oauth2",
                "fields": ["tokenUrl": .string(upstream.baseURL + "/oauth/token"), "clientId": "client-1", "clientSecret": "wrong-secret-123"],
            ])
            try await api.makeRESTConnector(app, name: "api", baseURL: upstream.baseURL, credential: "bad")
            let reply = try await api.call(.post, "/api/v1/applications/\(app)/connectors/api/actions/request", ["path": "/echo"])
            #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("invalid_client") == true)
            #expect(!reply.text.contains("wrong-secret-123"))
        }
    }
}
