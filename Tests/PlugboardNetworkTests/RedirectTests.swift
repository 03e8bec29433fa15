import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

@Suite struct RedirectTests {
    @Test func chainIsFollowed() async throws {
        try await withUpstreamServer { server in
            let response = try await TransportFixtures.get("\(server.baseURL)/redirect/3")
            #expect(response.status == 200)
            #expect(try JSONParser.parse(response.body) == UpstreamServer.jsonDocument)
            #expect(server.requests.map(\.path) == ["/redirect/3", "/redirect/2", "/redirect/1", "/json"])
        }
    }

    @Test func limitReturnsTheLastRedirect() async throws {
        try await withUpstreamServer { server in
            let response = try await TransportFixtures.get("\(server.baseURL)/redirect/3", options: HTTPClientOptions(maxRedirects: 1))
            #expect(response.status == 302)
            #expect(response.header("location") == "/redirect/1")
            let unfollowed = try await TransportFixtures.get("\(server.baseURL)/redirect/1", options: HTTPClientOptions(maxRedirects: 0))
            #expect(unfollowed.status == 302)
        }
    }

    @Test func redirectToDeniedAddressIsEgressDenied() async throws {
        let onlyThisAddress = EgressPolicy(allowed: [CIDRBlock("127.0.0.1/32")!])
        try await withUpstreamServer { server in
            for target in ["http://[::1]:\(server.port)/json", "http://127.0.0.2:\(server.port)/json", "http://169.254.169.254/latest/meta-data/"] {
                let error = await #expect(throws: ConnectorError.self) {
                    try await TransportFixtures.get("\(server.baseURL)/redirect-to?url=\(target)", policy: onlyThisAddress)
                }
                #expect(error?.code == .egressDenied, "\(target)")
            }
            #expect(server.requests.allSatisfy { $0.path == "/redirect-to" })
        }
    }

    @Test(arguments: [(303, "PUT", "GET", false), (302, "POST", "GET", false), (301, "POST", "GET", false), (307, "POST", "POST", true), (308, "PUT", "PUT", true)])
    func methodAndBodyAfterRedirect(status: Int, method: String, expectedMethod: String, keepsBody: Bool) async throws {
        try await withUpstreamServer { server in
            let request = HTTPRequestMessage(
                method: method, url: "\(server.baseURL)/redirect-to?status=\(status)&url=/echo",
                headers: [("Content-Type", "text/plain")], body: Array("payload".utf8))
            let response = try await TransportFixtures.send(request)
            #expect(response.status == 200)
            let final = try #require(server.lastRequest)
            #expect(final.path == "/echo")
            #expect(final.method == expectedMethod)
            #expect(final.bodyText == (keepsBody ? "payload" : ""))
            #expect((final.header("content-type") != nil) == keepsBody)
        }
    }

    @Test func credentialsAreDroppedWhenLeavingTheOrigin() async throws {
        try await withUpstreamServer { target in
            try await withUpstreamServer { origin in
                var request = HTTPRequestMessage(
                    method: "GET", url: "\(origin.baseURL)/redirect-to?url=\(target.baseURL)/echo",
                    headers: [("Authorization", "Bearer s3cret-token"), ("X-API-Key", "k3y-value"), ("Cookie", "session=1"), ("X-Plain", "kept")])
                request.credentialHeaders = ["X-API-Key"]
                let response = try await TransportFixtures.send(request)
                #expect(response.status == 200)
                let received = try #require(target.lastRequest)
                #expect(received.header("authorization") == nil)
                #expect(received.header("x-api-key") == nil)
                #expect(received.header("cookie") == nil)
                #expect(received.header("x-plain") == "kept")
            }
        }
    }

    @Test func credentialsAreKeptOnTheSameOrigin() async throws {
        try await withUpstreamServer { server in
            let request = HTTPRequestMessage(
                method: "GET", url: "\(server.baseURL)/redirect-to?url=/echo", headers: [("Authorization", "Bearer s3cret-token")])
            _ = try await TransportFixtures.send(request)
            #expect(server.lastRequest?.header("authorization") == "Bearer s3cret-token")
        }
    }
}
