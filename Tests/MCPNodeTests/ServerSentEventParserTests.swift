@testable import ConnectorsHTTP
import Testing

/// The event-stream parser the MCP node reads both transports with, fed in awkward splits.
@Suite struct ServerSentEventParserTests {
    private func events(_ parts: [String], limit: Int = 1 << 20) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser(maximumEventBytes: limit)
        return try parts.flatMap { try parser.feed(Array($0.utf8)) }
    }

    @Test func eventsSplitAnywhereComeOutWhole() throws {
        let stream = "event: endpoint\r\ndata: /messages/?session_id=1\r\n\r\n: a comment\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
        let whole = try events([stream])
        #expect(whole == [
            ServerSentEvent(type: "endpoint", data: "/messages/?session_id=1", id: nil),
            ServerSentEvent(type: "message", data: "{\"a\":\n1}", id: nil),
        ])
        // Every split point, including between CR and LF, gives the same events.
        let bytes = Array(stream)
        for cut in 1..<bytes.count {
            #expect(try events([String(bytes[..<cut]), String(bytes[cut...])]) == whole, "split at \(cut)")
        }
    }

    @Test func lineEndingsMayBeLFOrCR() throws {
        #expect(try events(["data: one\n\ndata:two\r\rid: 7\ndata: three\n\n"]).map(\.data) == ["one", "two", "three"])
        #expect(try events(["id: 7\ndata: x\n\n"]).first?.id == "7")
    }

    @Test func eventsWithoutDataAreDropped() throws {
        #expect(try events(["event: ping\n\n: keepalive\n\n"]).isEmpty)
    }

    @Test func oversizedEventFails() {
        #expect(throws: ServerSentEventParser.EventTooLarge.self) {
            _ = try events(["data: " + String(repeating: "x", count: 100)], limit: 50)
        }
    }
}
