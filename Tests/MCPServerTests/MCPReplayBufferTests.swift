import Foundation
import Testing

@testable import PlugboardServer

/// The bounded replay buffer on its own: what it keeps once full, and what a `Last-Event-ID` replays.
@Suite("MCP replay buffer")
struct MCPReplayBufferTests {
    @Test func keepsTheNewestEventsAndReplaysOneStreamInOrder() throws {
        var buffer = MCPReplayBuffer(capacity: 3)
        let first = buffer.append(Data("a".utf8), stream: 1)
        _ = buffer.append(Data("b".utf8), stream: 2)
        _ = buffer.append(Data("c".utf8), stream: 1)
        _ = buffer.append(Data("d".utf8), stream: 2)
        _ = buffer.append(Data("e".utf8), stream: 1)
        #expect(buffer.count == 3)

        let replay = try #require(buffer.events(after: first))
        #expect(replay.stream == 1)
        #expect(replay.events.map { String(decoding: $0.message, as: UTF8.self) } == ["c", "e"], "a and b were forgotten")
        #expect(try #require(buffer.events(after: "2-0")).events.map(\.id) == ["2-4"])
    }

    @Test(arguments: ["", "x", "1", "1-", "-1", "1-2-3", "1-99"])
    func refusesIdsItCouldNotHaveGiven(_ id: String) {
        var buffer = MCPReplayBuffer(capacity: 3)
        _ = buffer.append(Data("a".utf8), stream: 1)
        #expect(buffer.events(after: id) == nil)
    }
}
