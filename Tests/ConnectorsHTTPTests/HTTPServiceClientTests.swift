import ConnectorsHTTP
import Logging
import PlugboardCore
import PlugboardTestSupport
import Testing

/// `HTTPServiceClient`, the one way HTTP nodes talk to their service, against the loopback upstream.
@Suite struct HTTPServiceClientTests {
    private func client(_ server: UpstreamServer, _ configure: (inout HTTPService) -> Void = { _ in }) async throws -> HTTPServiceClient {
        var service = HTTPService(name: "upstream", baseURL: server.baseURL, defaultHeaders: [("X-Team", "core"), ("Accept", "text/plain")])
        configure(&service)
        return HTTPServiceClient(service: service, transport: try await RESTFixture.network.makeHTTPClient(HTTPClientOptions()))
    }

    private func context(_ credential: Credential?, refresh: @escaping @Sendable () async throws -> Credential? = { nil }) -> CallContext {
        guard let credential else {
            return CallContext(network: RESTFixture.network, deadline: .now + .seconds(10), logger: Logger(label: "test"), credential: nil)
        }
        return HTTPConnectionOptionsTests.context(credential: credential, refresh: refresh)
    }

    @Test func aRequestGoesUnderTheBaseURLWithHeadersInOrderOfPrecedenceAndTheCredential() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            let token = Credential(id: "c", kind: .bearerToken, fields: ["token": "tok-123456"])
            let request = HTTPServiceRequest("GET", "/echo", query: [("q", "a b"), ("q", "2")], headers: [("Accept", "application/json")])
            let response = try await client.send(request, context: context(token))
            #expect(response.status == 200)
            let seen = try #require(server.lastRequest)
            #expect(seen.path == "/echo")
            #expect(seen.query.map { "\($0.0)=\($0.1)" } == ["q=a b", "q=2"])
            #expect(seen.header("x-team") == "core")
            #expect(seen.header("accept") == "application/json", "the request's header replaces the default")
            #expect(seen.header("authorization") == "Bearer tok-123456")
            #expect(seen.header("user-agent")?.isEmpty == false)
            await client.transport.shutdown()
        }
    }

    @Test func aRefusedOAuth2TokenIsRefreshedOnceAndTheRequestSentAgain() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            let stale = Credential(id: "c", kind: .oauth2, fields: ["accessToken": "stale-token-0000"])
            let context = context(stale) { Credential(id: "c", kind: .oauth2, fields: ["accessToken": UpstreamServer.oauthAccessToken]) }
            let response = try await client.send(HTTPServiceRequest("GET", "/auth/oauth"), context: context)
            #expect(response.status == 200)
            #expect(server.requests(to: "/auth/oauth").count == 2)
            #expect(context.redactor.redact("stale-token-0000 \(UpstreamServer.oauthAccessToken)") == "[redacted] [redacted]")
            await client.transport.shutdown()
        }
    }

    @Test func theBaseURLsQueryComesFirstAndAnAbsoluteURLGetsOnlyTheCredentialParametersItLacks() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server) { $0.baseURL += "?v=1" }
            let key = Credential(id: "k", kind: .apiKey, fields: ["key": "key-7781", "name": "api_key", "placement": "query"])
            _ = try await client.send(HTTPServiceRequest("GET", "/echo?x=2", query: [("q", "3")]), context: context(key))
            #expect(server.lastRequest?.path == "/echo")
            #expect(server.lastRequest?.query.map { "\($0.0)=\($0.1)" } == ["v=1", "x=2", "q=3", "api_key=key-7781"])
            _ = try await client.send(.to(server.baseURL + "/echo?api_key=key-7781&page=2", method: "GET"), context: context(key))
            #expect(server.lastRequest?.query.map { "\($0.0)=\($0.1)" } == ["api_key=key-7781", "page=2"])
            await client.transport.shutdown()
        }
    }

    @Test func exchangeReturnsEveryStatusAndSendMapsFailures() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            #expect(try await client.exchange(HTTPServiceRequest("GET", "/status/404"), context: context(nil)).response.status == 404)
            #expect(try await client.send(HTTPServiceRequest("GET", "/status/404"), context: context(nil)).status == 404)
            let error = await #expect(throws: ConnectorError.self) {
                try await client.send(HTTPServiceRequest("GET", "/status/503"), context: context(nil))
            }
            #expect(error?.code == .upstreamError)
            #expect(error?.details?["status"] == 503)
            await client.transport.shutdown()
        }
    }

    @Test func aServiceReadsItsOwnFailures() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server) { service in
                service.failure = { response, _ in
                    response.status == 200 ? ConnectorError(.invalidInput, message: "The envelope says ok: false.") : nil
                }
            }
            let error = await #expect(throws: ConnectorError.self) { try await client.sendJSON(HTTPServiceRequest("GET", "/json"), context: context(nil)) }
            #expect(error?.code == .invalidInput)
            await client.transport.shutdown()
        }
    }

    @Test(arguments: [false, true])
    func aPOSTIsSentAgainAfter503OnlyWhenThePolicySaysSo(retriesUnprocessed: Bool) async throws {
        try await withUpstreamServer { server in
            let client = try await client(server) { service in
                service.retryPolicy = HTTPRetryPolicy(retries: 2, baseDelay: .milliseconds(10), retriesUnprocessed: retriesUnprocessed)
            }
            let exchange = try await client.exchange(HTTPServiceRequest("POST", "/status/503", body: Array("{}".utf8)), context: context(nil))
            #expect(exchange.response.status == 503)
            #expect(exchange.attempts == (retriesUnprocessed ? 3 : 1))
            #expect(server.requests(to: "/status/503").count == (retriesUnprocessed ? 3 : 1))
            await client.transport.shutdown()
        }
    }

    @Test func anAPIKeyInTheQueryJoinsTheCallsRedactorInItsEncodedForm() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            let key = Credential(id: "k", kind: .apiKey, fields: ["key": "ab+c/d=ef", "name": "api_key", "placement": "query"])
            let context = context(key)
            _ = try await client.send(HTTPServiceRequest("GET", "/echo"), context: context)
            #expect(server.lastRequest?.query.contains { $0 == ("api_key", "ab+c/d=ef") } == true)
            #expect(!context.redactor.redact("next: /echo?api_key=ab%2Bc%2Fd%3Def").contains("ab%2B"))
            await client.transport.shutdown()
        }
    }

    @Test func aNodeMayPutTheTokenInThePath() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server) { service in
                service.authenticate = { credential throws(ConnectorError) in
                    var authentication = HTTPAuthentication()
                    let token = credential?["token"] ?? ""
                    authentication.pathPrefix = "/bot" + token
                    authentication.secrets = [token]
                    return authentication
                }
            }
            let token = Credential(id: "t", kind: .bearerToken, fields: ["token": "123456:ABC-def"])
            let context = context(token)
            _ = try await client.exchange(HTTPServiceRequest("GET", "/getMe"), context: context)
            #expect(server.lastRequest?.path == "/bot123456:ABC-def/getMe")
            #expect(context.redactor.redact("/bot123456:ABC-def/getMe") == "/bot[redacted]/getMe")
            await client.transport.shutdown()
        }
    }

    @Test func eventsArriveAsTheServerWritesThem() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            var events: [ServerSentEvent] = []
            for try await event in try await client.events(HTTPServiceRequest("GET", "/events", query: [("count", "3"), ("interval", "10")]), context: context(nil)) {
                events.append(event)
            }
            #expect(events.map(\.data) == ["1", "2", "3"])
            await client.transport.shutdown()
        }
    }

    @Test func jsonLinesArriveAsValuesAcrossSplitWrites() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            var values: [JSONValue] = []
            for try await value in try await client.jsonLines(HTTPServiceRequest("GET", "/ndjson", query: [("count", "4")]), context: context(nil)) {
                values.append(value)
            }
            #expect(values == [["n": 1], ["n": 2], ["n": 3], ["n": 4]])
            await client.transport.shutdown()
        }
    }

    @Test func aStreamThatFailsAtItsHeadIsMapped() async throws {
        try await withUpstreamServer { server in
            let client = try await client(server)
            let error = await #expect(throws: ConnectorError.self) {
                try await client.events(HTTPServiceRequest("GET", "/status/503"), context: context(nil))
            }
            #expect(error?.code == .upstreamError)
            #expect(error?.details?["status"] == 503)
            await client.transport.shutdown()
        }
    }
}
