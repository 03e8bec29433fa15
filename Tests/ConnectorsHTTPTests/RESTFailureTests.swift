import ConnectorsHTTP
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct RESTFailureTests {
    @Test func unauthorizedAndForbiddenAreMapped() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL)
            let unauthorized = await #expect(throws: ConnectorError.self) { try await rest.request(["path": "/status/401"]) }
            #expect(unauthorized?.code == .authenticationFailed)
            #expect(unauthorized?.details?["status"] == 401)
            #expect(unauthorized?.details?["body"] == #"{"status":401}"#)
            let forbidden = await #expect(throws: ConnectorError.self) { try await rest.request(["path": "/status/403"]) }
            #expect(forbidden?.code == .permissionDenied)
            #expect(forbidden?.details?["status"] == 403)
        }
    }

    @Test func tooManyRequestsIsRateLimitedWithRetryAfter() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL, options: ["retries": 0])
            let error = await #expect(throws: ConnectorError.self) { try await rest.request(["path": "/status/429"]) }
            #expect(error?.code == .rateLimited)
            #expect(error?.retryAfter == 1)
            #expect(error?.retryable == true)
            #expect(error?.details?["status"] == 429)
        }
    }

    @Test func retryAfterBeyondTheDeadlineStopsRetrying() async throws {
        try await withUpstreamServer { server in
            // The service asks for 120 s, far past the 10 s deadline (generous, so a busy machine still gets its answer
            // in time): the call gives up at once instead of sleeping into its deadline.
            var rest = RESTFixture(baseURL: server.baseURL, options: ["retries": 3])
            rest.timeout = .seconds(10)
            let started = ContinuousClock.now
            let error = await #expect(throws: ConnectorError.self) {
                try await rest.request(["path": "/status/429", "query": ["retryAfter": "120"]])
            }
            #expect(error?.code == .rateLimited)
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(server.requests(to: "/status/429").count == 1)
        }
    }

    @Test func flakyGetIsRetried() async throws {
        try await withUpstreamServer { server in
            let result = try await RESTFixture(baseURL: server.baseURL).request(["path": "/flaky/get"])
            #expect(result["status"] == 200)
            #expect(result["attempts"] == 3)
            #expect(server.requests(to: "/flaky/get").count == 3)
        }
    }

    @Test func flakyPostIsNotRetried() async throws {
        try await withUpstreamServer { server in
            let error = await #expect(throws: ConnectorError.self) {
                try await RESTFixture(baseURL: server.baseURL).request(["method": "POST", "path": "/flaky/post", "body": ["json": [:]]])
            }
            #expect(error?.code == .upstreamError)
            #expect(error?.retryable == true)
            #expect(error?.details?["status"] == 503)
            #expect(server.requests(to: "/flaky/post").count == 1)
        }
    }

    @Test func serverErrorAfterRetriesIsUpstreamError() async throws {
        try await withUpstreamServer { server in
            let error = await #expect(throws: ConnectorError.self) {
                try await RESTFixture(baseURL: server.baseURL, options: ["retries": 1]).request(["path": "/status/502"])
            }
            #expect(error?.code == .upstreamError)
            #expect(server.requests(to: "/status/502").count == 2)
            let plain500 = await #expect(throws: ConnectorError.self) { try await RESTFixture(baseURL: server.baseURL).request(["path": "/status/500"]) }
            #expect(plain500?.code == .upstreamError)
            #expect(server.requests(to: "/status/500").count == 1)
        }
    }

    @Test func silentServerIsConnectionTimedOut() async throws {
        try await withSilentServer { server in
            let rest = RESTFixture(baseURL: server.baseURL, options: ["timeout": 0.3, "retries": 0])
            let error = await #expect(throws: ConnectorError.self) { try await rest.request(["path": "/"]) }
            #expect(error?.code == .connectionTimedOut)
        }
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let rest = RESTFixture(baseURL: "http://127.0.0.1:\(ClosedPort.find())", options: ["retries": 1])
        let error = await #expect(throws: ConnectorError.self) { try await rest.request(["path": "/"]) }
        #expect(error?.code == .connectionRefused)
    }

    @Test func oversizedResponseIsPayloadTooLarge() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL, options: ["maxResponseBytes": 100])
            let error = await #expect(throws: ConnectorError.self) { try await rest.request(["path": "/bytes/101"]) }
            #expect(error?.code == .payloadTooLarge)
        }
    }

    @Test func selfSignedCertificateIsTLSCertificateUnlessVerificationIsOff() async throws {
        try await withTLSTestServer { server in
            let strict = await #expect(throws: ConnectorError.self) { try await RESTFixture(baseURL: server.baseURL).request(["path": "/"]) }
            #expect(strict?.code == .tlsCertificate)
            let relaxed = try await RESTFixture(baseURL: server.baseURL, options: ["verifyTls": false]).request(["path": "/"])
            #expect(relaxed["status"] == 200)
        }
    }

    @Test func loopbackIsDeniedUnderTheDefaultPolicy() async throws {
        try await withUpstreamServer { server in
            let configured = try RESTFixture.driver.configure(["baseUrl": .string(server.baseURL)])
            let network = GuardedNetworkFactory.defaultPolicy()
            let context = CallContext(network: network, deadline: .now + .seconds(5), logger: .init(label: "test"), credential: nil)
            let session = try await configured.openSession(
                context: SessionContext(network: network, deadline: .now + .seconds(5), logger: .init(label: "test"), credential: nil))
            let error = await #expect(throws: ConnectorError.self) {
                try await session.run(action: "request", input: ["path": "/json"], context: context)
            }
            await session.close()
            #expect(error?.code == .egressDenied)
            #expect(server.requests.isEmpty)
        }
    }
}
