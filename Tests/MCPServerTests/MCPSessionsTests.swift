import Foundation
import Logging
import MCP
import PlugboardAPITestSupport
import PlugboardRuntime
import PlugboardStore
import Testing

@testable import PlugboardServer

/// The session table of `/mcp`: found by id and token, bounded, least recently used first out.
@Suite(.timeLimit(.minutes(1)))
struct MCPSessionsTests {
    static let agent = MCPAgent(
        application: ApplicationRecord(name: "demo"), caller: Caller(tokenID: "tok_a", tokenName: "agent"), role: .runner)
    static let headers = [
        "Accept": "application/json, text/event-stream", "Content-Type": "application/json", "Host": "localhost",
    ]

    func open(_ sessions: MCPSessions) async throws -> String {
        let body = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        let request = HTTPRequest(method: "POST", headers: Self.headers, body: Data(body.utf8))
        let response = try await sessions.handle(request, tokenID: "tok_a", isInitialize: true) { Self.agent }
        return try #require(response.headers[HTTPHeaderName.sessionID])
    }

    /// Answered by the SDK's server on a stream, so each ping needs an id of its own.
    func ping(_ sessions: MCPSessions, _ id: String, token: String = "tok_a") async throws -> Int {
        var headers = Self.headers
        headers[HTTPHeaderName.sessionID] = id
        let request = HTTPRequest(method: "POST", headers: headers, body: Data(#"{"jsonrpc":"2.0","id":"\#(UUID())","method":"ping"}"#.utf8))
        return try await sessions.handle(request, tokenID: token, isInitialize: false) { Self.agent }.statusCode
    }

    @Test func pastCapacityTheLeastRecentlyUsedSessionCloses() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { _ in
            let sessions = MCPSessions(runtime: fixture.instance.runtime, workflows: fixture.instance.workflowRunner, logger: Logger(label: "test"), capacity: 2)
            let first = try await open(sessions)
            let second = try await open(sessions)
            #expect(try await ping(sessions, first) == 200)
            let third = try await open(sessions)
            #expect(sessions.count == 2)
            #expect(try await ping(sessions, second) == 404)
            #expect(try await ping(sessions, first) == 200)
            #expect(try await ping(sessions, third) == 200)
            await sessions.closeAll()
            #expect(sessions.count == 0)
        }
    }

    @Test func anotherTokenDoesNotFindTheSession() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { _ in
            let sessions = MCPSessions(runtime: fixture.instance.runtime, workflows: fixture.instance.workflowRunner, logger: Logger(label: "test"))
            let id = try await open(sessions)
            #expect(try await ping(sessions, id, token: "tok_b") == 404)
            #expect(try await ping(sessions, id) == 200)
            await sessions.closeAll()
        }
    }
}
