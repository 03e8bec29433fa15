import ConnectorsHTTP
import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct RESTAuthenticationTests {
    /// Runs `/echo` with `credential` and checks the secret reached the server but not the result.
    private func echo(_ credential: Credential, secret: String) async throws -> RecordedRequest {
        try await withUpstreamServer { server in
            let result = try await RESTFixture(baseURL: server.baseURL, credential: credential).request(["path": "/echo"])
            #expect(result["status"] == 200)
            #expect(!result.jsonString().contains(secret), "the result leaks the secret")
            return try #require(server.lastRequest)
        }
    }

    @Test func apiKeyInHeader() async throws {
        let credential = Credential(id: "c1", kind: .apiKey, fields: ["key": "k-123456789", "name": "X-Api-Token"])
        let received = try await echo(credential, secret: "k-123456789")
        #expect(received.header("x-api-token") == "k-123456789")
    }

    @Test func apiKeyDefaultHeaderName() async throws {
        let received = try await echo(Credential(id: "c1", kind: .apiKey, fields: ["key": "k-abcdefgh"]), secret: "k-abcdefgh")
        #expect(received.header("x-api-key") == "k-abcdefgh")
    }

    @Test func apiKeyInQuery() async throws {
        let credential = Credential(id: "c1", kind: .apiKey, fields: ["key": "q-secret-42", "name": "api_key", "placement": "query"])
        let received = try await echo(credential, secret: "q-secret-42")
        #expect(received.queryValues("api_key") == ["q-secret-42"])
        #expect(received.header("x-api-key") == nil)
    }

    @Test func bearerToken() async throws {
        let received = try await echo(Credential(id: "c1", kind: .bearerToken, fields: ["token": "tok-987654"]), secret: "tok-987654")
        #expect(received.header("authorization") == "Bearer tok-987654")
    }

    @Test func usernameAndPasswordAsBasic() async throws {
        let credential = Credential(id: "c1", kind: .usernamePassword, fields: ["username": "ada", "password": "pa55-word!"])
        let encoded = Data("ada:pa55-word!".utf8).base64EncodedString()
        let received = try await echo(credential, secret: encoded)
        #expect(received.header("authorization") == "Basic \(encoded)")
    }

    @Test func oauth2AccessToken() async throws {
        let credential = Credential(
            id: "c1", kind: .oauth2,
            fields: ["tokenUrl": "https://auth.example/token", "clientId": "app", "clientSecret": "cs-secret", "accessToken": "at-55555"])
        let received = try await echo(credential, secret: "at-55555")
        #expect(received.header("authorization") == "Bearer at-55555")
    }

    @Test func oauth2WithoutAccessTokenIsAuthenticationFailed() async throws {
        try await withUpstreamServer { server in
            let credential = Credential(id: "c1", kind: .oauth2, fields: ["tokenUrl": "https://auth.example/token", "clientId": "app"])
            let error = await #expect(throws: ConnectorError.self) {
                try await RESTFixture(baseURL: server.baseURL, credential: credential).request(["path": "/echo"])
            }
            #expect(error?.code == .authenticationFailed)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func bearerRouteAcceptsTheRightToken() async throws {
        try await withUpstreamServer { server in
            let good = RESTFixture(baseURL: server.baseURL, credential: Credential(id: "c", kind: .bearerToken, fields: ["token": "right-token"]))
            let accepted = try await good.request(["path": "/auth/bearer/right-token"])
            #expect(accepted["status"] == 200)
            let bad = RESTFixture(baseURL: server.baseURL, credential: Credential(id: "c", kind: .bearerToken, fields: ["token": "wrong-token"]))
            let error = await #expect(throws: ConnectorError.self) { try await bad.request(["path": "/auth/bearer/right-token"]) }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.details?["status"] == 401)
            #expect(error.map { $0.json.jsonString().contains("wrong-token") } == false)
        }
    }

    @Test func clientCertificateIsUsedForMutualTLS() async throws {
        try await withTLSTestServer(requireClientCertificate: true) { server in
            let credential = Credential(
                id: "c", kind: .clientCertificate,
                fields: ["certificate": server.certificates.clientCertificatePEM, "privateKey": server.certificates.clientKeyPEM])
            let rest = RESTFixture(baseURL: server.baseURL, options: ["verifyTls": false], credential: credential)
            let output = try await rest.request(["path": "/"])
            #expect(output["status"] == 200)
            #expect(output["body"] == "ok")
        }
    }
}
