import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The egress cases through the HTTP API, with loopback not allowed (the product default): each request
/// fails with `egress_denied` and the listener behind the address receives nothing.
@Suite struct RESTEgressAPITests {
    /// Every spelling of this machine's loopback (or "this host") the issue lists, on the upstream's port.
    static let loopbackSpellings = [
        "127.0.0.1", "127.1", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "2130706433", "0x7f000001", "017700000001", "localhost",
    ]

    @Test(arguments: loopbackSpellings)
    func loopbackSpellingIsDenied(host: String) async throws {
        try await RESTAPIFixture.run(allowLoopback: false) { api, server in
            try await RESTAPIFixture.connector(api, "local", baseURL: "http://\(host):\(server.port)")
            let reply = try await RESTAPIFixture.request(api, "local", ["path": "/json"])
            #expect(reply.errorCode == "egress_denied", "\(host): \(reply.text)")
            let test = try await api.call(.post, "/api/v1/applications/\(RESTAPIFixture.app)/connectors/local/test")
            #expect(test.errorCode == "egress_denied", "\(host): \(test.text)")
            #expect(server.requests.isEmpty)
        }
    }

    /// The policy cannot tell two ports of one address apart, so the allowed host is 127.0.0.1 (allowed by CIDR)
    /// and the denied one a second listener on 127.0.0.2, which stays under the default loopback denial.
    @Test(arguments: [302, 307])
    func redirectFromAnAllowedHostToADeniedOneIsDenied(status: Int) async throws {
        let denied = UpstreamServer(host: "127.0.0.2")
        try await denied.start()
        do {
            let target = "\(denied.baseURL)/json"
            try await RESTAPIFixture.run(allowLoopback: false, environment: ["PLUGBOARD_EGRESS_ALLOW": "127.0.0.1/32"]) { api, server in
                try await RESTAPIFixture.connector(api, "hop", baseURL: server.baseURL)
                let allowed = try await RESTAPIFixture.request(api, "hop", ["path": "/json"])
                #expect(allowed.output["status"] == 200, "\(allowed.text)")
                let reply = try await RESTAPIFixture.request(
                    api, "hop", ["path": "/redirect-to", "query": ["url": .string(target), "status": .integer(Int64(status))]])
                #expect(reply.errorCode == "egress_denied", "\(reply.text)")
                #expect(server.requests(to: "/redirect-to").count == 1)
            }
            #expect(denied.requests.isEmpty)
            await denied.stop()
        } catch {
            await denied.stop()
            throw error
        }
    }

    @Test func proxyCannotCarryARequestToADeniedTarget() async throws {
        let denied = UpstreamServer(host: "127.0.0.2")
        try await denied.start()
        do {
            let target = denied.baseURL
            try await ForwardProxy.with { proxy in
                let proxyURL = proxy.url
                // The proxy (127.0.0.1) may be reached; the target behind it (127.0.0.2) may not.
                try await RESTAPIFixture.run(allowLoopback: false, environment: ["PLUGBOARD_EGRESS_ALLOW": "127.0.0.1/32"]) { api, _ in
                    try await RESTAPIFixture.connector(api, "via-proxy", baseURL: target, options: ["proxy": .string(proxyURL)])
                    let reply = try await RESTAPIFixture.request(api, "via-proxy", ["path": "/json"])
                    #expect(reply.errorCode == "egress_denied", "\(reply.text)")
                    #expect(reply.error["message"]?.stringValue?.contains("127.0.0.2") == true)
                }
                #expect(proxy.requestLines.isEmpty)
            }
            #expect(denied.requests.isEmpty)
            await denied.stop()
        } catch {
            await denied.stop()
            throw error
        }
    }

    @Test func proxyOnADeniedAddressIsNotContacted() async throws {
        let allowed = UpstreamServer(host: "127.0.0.2")
        try await allowed.start()
        do {
            let target = allowed.baseURL
            try await ForwardProxy.with { proxy in
                let proxyURL = proxy.url
                // The target (127.0.0.2) may be reached, the proxy (127.0.0.1) may not.
                try await RESTAPIFixture.run(allowLoopback: false, environment: ["PLUGBOARD_EGRESS_ALLOW": "127.0.0.2/32"]) { api, _ in
                    try await RESTAPIFixture.connector(api, "denied-proxy", baseURL: target, options: ["proxy": .string(proxyURL)])
                    let reply = try await RESTAPIFixture.request(api, "denied-proxy", ["path": "/json"])
                    #expect(reply.errorCode == "egress_denied", "\(reply.text)")
                    #expect(reply.error["message"]?.stringValue?.contains("127.0.0.1") == true)
                }
                #expect(proxy.requestLines.isEmpty)
            }
            #expect(allowed.requests.isEmpty)
            await allowed.stop()
        } catch {
            await allowed.stop()
            throw error
        }
    }
}
