import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Synchronization
import Testing

/// Redirects, mutual TLS and the HTTP proxy setting, through the HTTP API.
@Suite struct RESTTransportAPITests {
    @Test func redirectsAreFollowedUnlessTurnedOff() async throws {
        try await RESTAPIFixture.run { api, server in
            try await RESTAPIFixture.connector(api, "follows", baseURL: server.baseURL)
            let reply = try await RESTAPIFixture.request(api, "follows", ["path": "/redirect/2"])
            #expect(reply.output["status"] == 200, "\(reply.text)")
            #expect(reply.output["body"] == UpstreamServer.jsonDocument)
            #expect(server.requests.map(\.path) == ["/redirect/2", "/redirect/1", "/json"])

            try await RESTAPIFixture.connector(api, "stays", baseURL: server.baseURL, options: ["followRedirects": false])
            let unfollowed = try await RESTAPIFixture.request(api, "stays", ["path": "/redirect/1"])
            #expect(unfollowed.output["status"] == 302, "\(unfollowed.text)")
            #expect(unfollowed.output["headers"]?["location"] == "/json")
        }
    }

    @Test func clientCertificateCredentialGivesMutualTLS() async throws {
        try await withTLSTestServer(requireClientCertificate: true) { tls in
            let certificates = tls.certificates
            let baseURL = tls.baseURL
            try await RESTAPIFixture.run { api, _ in
                let pem = try await api.makeCredential(
                    RESTAPIFixture.app, name: "pem", kind: "client_certificate",
                    fields: ["format": "pem", "certificate": .string(certificates.clientCertificatePEM), "privateKey": .string(certificates.clientKeyPEM)])
                let pkcs12 = try await api.makeCredential(
                    RESTAPIFixture.app, name: "p12", kind: "client_certificate",
                    fields: ["format": "pkcs12", "pkcs12": .string(certificates.clientPKCS12Base64), "password": .string(certificates.clientPKCS12Password)])
                try await RESTAPIFixture.connector(api, "mtls-pem", baseURL: baseURL, options: ["verifyTls": false], credential: pem)
                try await RESTAPIFixture.connector(api, "mtls-p12", baseURL: baseURL, options: ["verifyTls": false], credential: pkcs12)
                try await RESTAPIFixture.connector(api, "no-cert", baseURL: baseURL, options: ["verifyTls": false])

                for connector in ["mtls-pem", "mtls-p12"] {
                    let reply = try await RESTAPIFixture.request(api, connector, ["path": "/"])
                    #expect(reply.output["status"] == 200, "\(connector): \(reply.text)")
                }
                let refused = try await RESTAPIFixture.request(api, "no-cert", ["path": "/"])
                #expect(refused.errorCode == "tls_certificate", "\(refused.text)")
                #expect(!refused.text.contains("PRIVATE KEY"))
            }
        }
    }

    @Test func plainRequestsGoThroughTheProxy() async throws {
        try await ForwardProxy.with { proxy in
            let proxyURL = proxy.url
            let port = Mutex(0)
            try await RESTAPIFixture.run { api, server in
                port.withLock { $0 = server.port }
                try await RESTAPIFixture.connector(api, "proxied", baseURL: server.baseURL, options: ["proxy": .string(proxyURL)])
                let reply = try await RESTAPIFixture.request(api, "proxied", ["path": "/json", "query": ["q": "1"]])
                #expect(reply.output["status"] == 200, "\(reply.text)")
                #expect(reply.output["body"] == UpstreamServer.jsonDocument)
                #expect(server.requests(to: "/json").count == 1)
            }
            // AsyncHTTPClient tunnels plain HTTP through CONNECT too; the proxy saw the target's address and port.
            #expect(proxy.requestLines == ["CONNECT 127.0.0.1:\(port.withLock { $0 })"], "\(proxy.requestLines)")
        }
    }

    @Test func httpsGoesThroughAConnectTunnel() async throws {
        try await withTLSTestServer { tls in
            let baseURL = tls.baseURL
            let port = tls.port
            try await ForwardProxy.with { proxy in
                let proxyURL = proxy.url
                try await RESTAPIFixture.run { api, _ in
                    try await RESTAPIFixture.connector(api, "tunnel", baseURL: baseURL, options: ["proxy": .string(proxyURL), "verifyTls": false])
                    let reply = try await RESTAPIFixture.request(api, "tunnel", ["path": "/"])
                    #expect(reply.output["status"] == 200, "\(reply.text)")
                }
                #expect(proxy.requestLines == ["CONNECT 127.0.0.1:\(port)"])
            }
        }
    }

    @Test(arguments: ["http://user:secret-pw@127.0.0.1:3128", "socks5://127.0.0.1:1080", "http://127.0.0.1:3128/path", "not a url"])
    func unusableProxyIsRefusedAtCreation(proxy: String) async throws {
        try await RESTAPIFixture.run { api, server in
            let reply = try await api.makeConnector(
                RESTAPIFixture.app, type: "rest", name: "bad-proxy", options: ["baseUrl": .string(server.baseURL), "proxy": .string(proxy)])
            #expect(reply.errorCode == "invalid_configuration" || reply.errorCode == "invalid_input", "\(reply.text)")
            #expect(!reply.text.contains("secret-pw"))
        }
    }
}
