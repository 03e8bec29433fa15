import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

/// `HTTPTransport.stream`: parts arrive as the server writes them, through the same egress guard as `send`.
@Suite struct StreamingTests {
    /// Runs `body` with a fresh transport, shut down afterwards.
    private func withTransport<Value>(
        policy: EgressPolicy = TransportFixtures.loopbackPolicy, _ body: (any HTTPTransport) async throws -> Value
    ) async throws -> Value {
        let transport = try await TransportFixtures.transport(policy: policy)
        do {
            let value = try await body(transport)
            await transport.shutdown()
            return value
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    @Test func firstPartArrivesBeforeTheServerWritesTheSecond() async throws {
        try await withUpstreamServer { server in
            try await withTransport { transport in
                let response = try await transport.stream(
                    HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/events/gated"), deadline: .now + .seconds(5))
                #expect(response.status == 200)
                #expect(response.header("content-type") == "text/event-stream")
                var parts = response.body.makeAsyncIterator()
                // The server holds the second event until the gate opens: a buffered body would never get here.
                let first = try await parts.next()
                #expect(first.map { String(decoding: $0, as: UTF8.self) } == "data: 1\n\n")
                #expect(!server.streamProbe.isOpen)
                server.streamProbe.open()
                var rest: [UInt8] = []
                while let part = try await parts.next() { rest += part }
                #expect(String(decoding: rest, as: UTF8.self) == "data: 2\n\n")
            }
        }
    }

    @Test func deadlineBoundsTheHeadNotTheBody() async throws {
        try await withUpstreamServer { server in
            try await withTransport { transport in
                // The deadline is generous for the head (a busy machine still gets it in time); the server then holds
                // the rest of the body until the deadline has passed, so the body can only arrive if the deadline
                // stopped applying once the head was in. No timing margin decides the outcome.
                let deadline = ContinuousClock.now + .seconds(3)
                let response = try await transport.stream(
                    HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/events/gated"), deadline: deadline)
                var parts = response.body.makeAsyncIterator()
                let first = try await parts.next()
                #expect(first.map { String(decoding: $0, as: UTF8.self) } == "data: 1\n\n")
                try await Task.sleep(until: deadline + .milliseconds(200), clock: .continuous)
                server.streamProbe.open()
                var rest: [UInt8] = []
                while let part = try await parts.next() { rest += part }
                #expect(String(decoding: rest, as: UTF8.self) == "data: 2\n\n")
            }
        }
    }

    @Test func headThatMissesTheDeadlineTimesOut() async throws {
        try await withUpstreamServer { server in
            try await withTransport { transport in
                let error = await #expect(throws: ConnectorError.self) {
                    try await transport.stream(
                        HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/slow?seconds=5"), deadline: .now + .milliseconds(300))
                }
                #expect(error?.code == .connectionTimedOut)
            }
        }
    }

    @Test func cancellingTheConsumerClosesTheStream() async throws {
        try await withUpstreamServer { server in
            try await withTransport { transport in
                let response = try await transport.stream(
                    HTTPRequestMessage(method: "GET", url: "\(server.baseURL)/events?count=0&interval=50"), deadline: .now + .seconds(5))
                let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
                let consumer = Task {
                    var received = 0
                    for try await _ in response.body {
                        received += 1
                        if received == 2 { startedContinuation.yield() }
                    }
                    return received
                }
                for await _ in started { break }
                consumer.cancel()
                // The endless stream ends on the server only because the client closed the connection.
                _ = try? await consumer.value
                var waited = 0
                while server.streamProbe.endedStreams == 0, waited < 500 {
                    try await Task.sleep(for: .milliseconds(10))
                    waited += 1
                }
                #expect(server.streamProbe.endedStreams == 1)
            }
        }
    }

    @Test func postBodyAndHeadersAreSent() async throws {
        try await withUpstreamServer { server in
            try await withTransport { transport in
                let request = HTTPRequestMessage(
                    method: "POST", url: "\(server.baseURL)/echo?q=1", headers: [("X-Trace", "s1")], body: Array("ping".utf8))
                let response = try await transport.stream(request, deadline: .now + .seconds(5))
                var body: [UInt8] = []
                for try await part in response.body { body += part }
                let echoed = try JSONParser.parse(body)
                #expect(echoed["method"]?.stringValue == "POST")
                #expect(echoed["body"]?.stringValue == "ping")
                #expect(server.lastRequest?.header("x-trace") == "s1")
            }
        }
    }

    @Test func deniedAddressIsRefusedBeforeConnecting() async throws {
        try await withUpstreamServer { server in
            try await withTransport(policy: EgressPolicy()) { transport in
                let error = await #expect(throws: ConnectorError.self) {
                    try await transport.stream(
                        HTTPRequestMessage(method: "GET", url: "http://127.1:\(server.port)/events"), deadline: .now + .seconds(5))
                }
                #expect(error?.code == .egressDenied)
                #expect(server.requests.isEmpty)
            }
        }
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let port = ClosedPort.find()
        try await withTransport { transport in
            let error = await #expect(throws: ConnectorError.self) {
                try await transport.stream(HTTPRequestMessage(method: "GET", url: "http://127.0.0.1:\(port)/"), deadline: .now + .seconds(5))
            }
            #expect(error?.code == .connectionRefused)
        }
    }
}
