import Foundation
import Logging
import MCP
import PlugboardCore
import Testing

@testable import PlugboardServer

/// `MCPStreamableHTTPTransport` driven by the SDK's `Server`, request by request as `/mcp` hands them over.
@Suite("MCP Streamable HTTP transport", .timeLimit(.minutes(2)))
struct MCPTransportTests {
    @Test func manyRequestsOnOneSessionKeepOnlyTheReplayBound() async throws {
        try await withSession { session in
            for number in 1...2_000 {
                let events = try await session.post(#"{"jsonrpc":"2.0","id":\#(number),"method":"ping"}"#)
                let answer = try #require(events.last?.message)
                #expect(answer["id"] == .integer(Int64(number)) && answer["result"] != nil, "\(answer)")
                let retained = await session.transport.retainedEventCount
                #expect(retained <= MCPReplayBuffer.defaultCapacity)
                if retained > MCPReplayBuffer.defaultCapacity { return }
            }
            #expect(await session.transport.retainedEventCount == MCPReplayBuffer.defaultCapacity)
        }
    }

    @Test func aClientCutOffAfterThePrimingEventResumesWithLastEventID() async throws {
        try await withSession { session in
            let events = try await session.post(#"{"jsonrpc":"2.0","id":"p-1","method":"ping"}"#)
            let priming = try #require(events.first?.id)
            #expect(events.first?.data == "", "the first event primes the stream")

            let replayed = try await session.events(of: try await session.streamResponse("GET", lastEventID: priming))
            #expect(replayed.count == 1 && replayed.first?.message?["id"] == "p-1", "\(replayed)")
            #expect(replayed.first?.id == events.last?.id)

            let unknown = await session.transport.handleRequest(session.request("GET", lastEventID: "999-1"))
            #expect(unknown.statusCode == 400)
        }
    }

    @Test func serverNotificationsGoToTheGETStream() async throws {
        try await withSession { session in
            let stream = try await session.streamResponse("GET")
            try await session.server.notify(ToolListChangedNotification.message())
            var iterator = stream.makeAsyncIterator()
            let priming = try #require(try await iterator.next())
            #expect(String(decoding: priming, as: UTF8.self).hasPrefix("id: 0-"))
            let notification = try #require(try await iterator.next())
            #expect(String(decoding: notification, as: UTF8.self).contains("notifications/tools/list_changed"))
        }
    }

    @Test func directMethodsAreAnsweredOnTheirStreamAndOthersReachTheServer() async throws {
        let direct = MCPDirectMethods(methods: ["tools/call"]) { method, params in
            params?["name"] == "known" ? .result(["echo": .string(method), "arguments": params?["arguments"] ?? .null])
                : .error(code: MCPDirectMethods.invalidParams, message: "Unknown tool")
        }
        try await withSession(direct: direct) { session in
            let answered = try await session.post(#"{"jsonrpc":"2.0","id":"c-1","method":"tools/call","params":{"name":"known","arguments":{"a":"x\ny"}}}"#)
            #expect(answered.first?.data == "", "the stream is primed first")
            let result = try #require(answered.last?.message)
            #expect(result["id"] == "c-1" && result["result"] == ["echo": "tools/call", "arguments": ["a": "x\ny"]], "\(result)")

            let refused = try #require(try await session.post(#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"other"}}"#).last?.message)
            #expect(refused["id"] == 7 && refused["error"]?["code"] == .integer(Int64(MCPDirectMethods.invalidParams)), "\(refused)")

            let ping = try #require(try await session.post(#"{"jsonrpc":"2.0","id":8,"method":"ping"}"#).last?.message)
            #expect(ping["id"] == 8 && ping["result"] != nil, "the SDK's server still answers everything else: \(ping)")
        }
    }

    @Test func eachLineOfAMessageGetsItsOwnDataField() {
        let framed = { (message: String) in
            String(decoding: MCPStreamableHTTPTransport.event(id: "3-1", data: Data(message.utf8)), as: UTF8.self)
        }
        #expect(framed(#"{"a":1}"#) == "id: 3-1\nevent: message\ndata: {\"a\":1}\n\n")
        #expect(framed("{\n\"a\": 1\n}") == "id: 3-1\nevent: message\ndata: {\ndata: \"a\": 1\ndata: }\n\n")
        #expect(framed("x\n") == "id: 3-1\nevent: message\ndata: x\ndata: \n\n")
    }

    @Test func deleteEndsTheSession() async throws {
        try await withSession { session in
            #expect(await session.transport.handleRequest(session.request("DELETE")).statusCode == 200)
            let after = await session.transport.handleRequest(session.request("POST", body: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#))
            #expect(after.statusCode == 404)
            #expect(await session.transport.retainedEventCount == 0)
        }
    }
}

/// One SSE event as a client reads it.
struct SSEEventRecord: Sendable {
    var id: String?
    var data: String

    /// The event's data as a JSON-RPC message, when it carries one.
    var message: JSONValue? { data.isEmpty ? nil : try? JSONParser.parse(data) }
}

/// A transport and a started SDK server on it, with `initialize` done.
struct TransportSession: Sendable {
    static let id = "mcps_test"
    let transport: MCPStreamableHTTPTransport
    let server: Server

    func request(_ method: String, body: String? = nil, lastEventID: String? = nil) -> MCP.HTTPRequest {
        var headers = [
            "Accept": "application/json, text/event-stream", "Content-Type": "application/json",
            "Mcp-Session-Id": Self.id, "MCP-Protocol-Version": Version.latest,
        ]
        if let lastEventID { headers["Last-Event-ID"] = lastEventID }
        return MCP.HTTPRequest(method: method, headers: headers, body: body.map { Data($0.utf8) }, path: "/mcp")
    }

    /// The SSE stream a request opens; any other answer fails the test.
    func streamResponse(_ method: String, body: String? = nil, lastEventID: String? = nil) async throws -> AsyncThrowingStream<Data, any Error> {
        let response = await transport.handleRequest(request(method, body: body, lastEventID: lastEventID))
        guard case .stream(let stream, let headers) = response else { throw MCPTestError("No SSE stream: \(response.statusCode)") }
        #expect(headers["MCP-Session-Id"] == Self.id)
        return stream
    }

    /// POSTs a request and reads its events: a stream to its end, or a body of events answered at once.
    func post(_ body: String) async throws -> [SSEEventRecord] {
        let response = await transport.handleRequest(request("POST", body: body))
        switch response {
        case .stream(let stream, _): return try await events(of: stream)
        case .data(let events, let headers):
            #expect(headers["Content-Type"] == "text/event-stream")
            return try await self.events(of: AsyncThrowingStream { $0.yield(events); $0.finish() })
        default: throw MCPTestError("No events: \(response.statusCode)")
        }
    }

    /// Every event of a stream, once it ends.
    func events(of stream: AsyncThrowingStream<Data, any Error>) async throws -> [SSEEventRecord] {
        var text = ""
        for try await chunk in stream { text += String(decoding: chunk, as: UTF8.self) }
        return text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            var event = SSEEventRecord(id: nil, data: "")
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { event.data += line.dropFirst(6) }
            }
            return event
        }
    }
}

/// Runs `body` on an initialized session and stops the server afterwards; `direct` answers its methods itself.
func withSession(direct: MCPDirectMethods? = nil, _ body: (TransportSession) async throws -> Void) async throws {
    let transport = MCPStreamableHTTPTransport(
        sessionID: TransportSession.id, validation: MCPRequestChecks(), direct: direct, logger: Logger(label: "test"))
    let server = Server(name: "test", version: "1", capabilities: .init(tools: .init(listChanged: true)))
    try await server.start(transport: transport)
    let session = TransportSession(transport: transport, server: server)
    do {
        let initialize = #"""
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"\#(Version.latest)","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
            """#
        let answer = try await session.post(initialize)
        #expect(answer.last?.message?["result"]?["protocolVersion"] == .string(Version.latest), "\(answer)")
        let initialized = await transport.handleRequest(session.request("POST", body: #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#))
        #expect(initialized.statusCode == 202)
        try await body(session)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
