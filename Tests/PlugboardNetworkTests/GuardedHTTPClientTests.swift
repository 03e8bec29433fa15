import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

@Suite struct GuardedHTTPClientTests {
    @Test func getRoundTrip() async throws {
        try await withUpstreamServer { server in
            let response = try await TransportFixtures.get("\(server.baseURL)/json")
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            #expect(try JSONParser.parse(response.body) == UpstreamServer.jsonDocument)
        }
    }

    @Test func postRoundTripSendsBodyAndHeaders() async throws {
        try await withUpstreamServer { server in
            let body = Array(#"{"hello":"world"}"#.utf8)
            let request = HTTPRequestMessage(
                method: "POST", url: "\(server.baseURL)/echo?a=1", headers: [("Content-Type", "application/json"), ("X-Trace", "abc")], body: body)
            let response = try await TransportFixtures.send(request)
            #expect(response.status == 200)
            let received = try #require(server.lastRequest)
            #expect(received.method == "POST")
            #expect(received.path == "/echo")
            #expect(received.queryValues("a") == ["1"])
            #expect(received.header("x-trace") == "abc")
            #expect(received.body == body)
        }
    }

    @Test func oneTransportServesManyRequestsConcurrently() async throws {
        try await withUpstreamServer { server in
            let transport = try await TransportFixtures.transport(options: HTTPClientOptions(maxConnectionsPerHost: 4))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await transport.send(HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/json"), deadline: .now + .seconds(5)).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            await transport.shutdown()
            #expect(statuses == Array(repeating: 200, count: 20))
        }
    }

    @Test func nameIsPinnedToTheCheckedAddress() async throws {
        // `upstream.test` exists only in this resolver: the request can only succeed through the pinned address.
        let resolver = HostResolver { _ async throws(ConnectorError) in [IPAddress("127.0.0.1")!] }
        try await withUpstreamServer { server in
            let request = HTTPRequestMessage(method: "GET", url: "http://upstream.test:\(server.port)/echo")
            let response = try await TransportFixtures.send(request, resolver: resolver)
            #expect(response.status == 200)
            #expect(server.lastRequest?.header("host") == "upstream.test:\(server.port)")
        }
    }

    @Test func looseLiteralIsCheckedAndPinned() async throws {
        try await withUpstreamServer { server in
            let response = try await TransportFixtures.get("http://0x7f000001:\(server.port)/json")
            #expect(response.status == 200)
            let error = await #expect(throws: ConnectorError.self) {
                try await TransportFixtures.get("http://0x7f000001:\(server.port)/json", policy: EgressPolicy())
            }
            #expect(error?.code == .egressDenied)
            #expect(server.requests.count == 1)
        }
    }

    @Test func localhostIsDeniedByDefault() async throws {
        try await withUpstreamServer { server in
            let error = await #expect(throws: ConnectorError.self) {
                try await TransportFixtures.get("http://localhost:\(server.port)/json", policy: EgressPolicy())
            }
            #expect(error?.code == .egressDenied)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let port = ClosedPort.find()
        let error = await #expect(throws: ConnectorError.self) { try await TransportFixtures.get("http://127.0.0.1:\(port)/") }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
    }

    @Test func silentServerIsConnectionTimedOut() async throws {
        try await withSilentServer { server in
            let error = await #expect(throws: ConnectorError.self) {
                try await TransportFixtures.get("\(server.baseURL)/", timeout: .milliseconds(500))
            }
            #expect(error?.code == .connectionTimedOut)
            #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
            #expect(error?.message.contains("0.5 s") == true)
        }
    }

    @Test func deadlineWhileWaitingForAPooledConnectionIsConnectionTimedOut() async throws {
        try await withUpstreamServer { server in
            let transport = try await TransportFixtures.transport(options: HTTPClientOptions(maxConnectionsPerHost: 1))
            let slow = Task {
                try await transport.send(HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/slow?seconds=1"), deadline: .now + .seconds(5))
            }
            try await Task.sleep(for: .milliseconds(100))
            let error = await #expect(throws: ConnectorError.self) {
                try await transport.send(HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/json"), deadline: .now + .milliseconds(300))
            }
            #expect(error?.code == .connectionTimedOut)
            #expect(try await slow.value.status == 200)
            await transport.shutdown()
        }
    }

    @Test func unresolvableHostIsConnectionRefused() async throws {
        let error = await #expect(throws: ConnectorError.self) { try await TransportFixtures.get("http://no-such-host.invalid/") }
        #expect(error?.code == .connectionRefused)
        #expect(error?.cause.contains("does not resolve") == true)
    }

    @Test func oversizedBodyIsPayloadTooLarge() async throws {
        try await withUpstreamServer { server in
            let options = HTTPClientOptions(maxResponseBytes: 1000)
            let small = try await TransportFixtures.get("\(server.baseURL)/bytes/1000", options: options)
            #expect(small.body.count == 1000)
            let error = await #expect(throws: ConnectorError.self) {
                try await TransportFixtures.get("\(server.baseURL)/bytes/1001", options: options)
            }
            #expect(error?.code == .payloadTooLarge)
        }
    }

    @Test func cancellationIsCancelled() async throws {
        try await withUpstreamServer { server in
            let transport = try await TransportFixtures.transport()
            let task = Task {
                try await transport.send(HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/slow?seconds=5"), deadline: .now + .seconds(10))
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let error = await #expect(throws: ConnectorError.self) { try await task.value }
            #expect(error?.code == .cancelled)
            await transport.shutdown()
        }
    }

    @Test func sendAfterShutdownIsRefusedCleanly() async throws {
        try await withUpstreamServer { server in
            let transport = try await TransportFixtures.transport()
            _ = try await transport.send(HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/json"), deadline: .now + .seconds(5))
            await transport.shutdown()
            let error = await #expect(throws: ConnectorError.self) {
                try await transport.send(HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/json"), deadline: .now + .seconds(5))
            }
            #expect(error?.code == .cancelled)
        }
    }

    @Test func nonHTTPURLIsInvalidInput() async throws {
        let error = await #expect(throws: ConnectorError.self) { try await TransportFixtures.get("ftp://127.0.0.1/file") }
        #expect(error?.code == .invalidInput)
    }
}
