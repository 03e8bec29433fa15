import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlugboardAPITestSupport
import PlugboardCore
import Testing

/// Streamed answers: the API's event stream for a caller that asks, the pieces as each dialect streams them (whole
/// or one byte per write), and the first-token and idle timeouts.
@Suite struct LLMStreamingTests {
    static let providers = ["openai", "anthropic", "ollama"]
    static let stream: HTTPFields = [.accept: "text/event-stream"]

    private func streamedChat(_ api: APIClient, _ input: JSONValue) async throws -> (APIClient.Reply, [SSEEvent]) {
        let reply = try await api.call(.post, "/api/v1/applications/ai/connectors/model/actions/chat", input, headers: Self.stream)
        return (reply, SSEEvent.parse(reply.text))
    }

    @Test(arguments: providers, ["echo-1", "bytewise-1"])
    func textStreamsAsDeltasThenTheResult(provider: String, model: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            let (reply, events) = try await streamedChat(api, ["model": .string(model), "messages": [["role": "user", "content": "stream this please"]]])
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/event-stream")
            let deltas = events.filter { $0.name == "delta" }
            #expect(deltas.count > 1, "\(reply.text)")
            #expect(deltas.compactMap { $0.data["text"]?.stringValue }.joined() == "You said: stream this please")
            let result = try #require(events.last)
            #expect(result.name == "result", "\(reply.text)")
            #expect(result.data["output"]?["message"]?["content"] == "You said: stream this please")
            #expect(result.data["output"]?["usage"]?["outputTokens"] == 5)
            #expect(result.data["executionId"]?.stringValue?.hasPrefix("exe_") == true)

            let executions = try await api.call(.get, "/api/v1/applications/ai/executions")
            #expect(executions.json["items"]?.arrayValue?.first?["tokens"]?["outputTokens"] == 5, "\(executions.text)")
        }
    }

    @Test(arguments: providers)
    func toolCallsStreamAsDeltas(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider)
            let (reply, events) = try await streamedChat(api, ["messages": [["role": "user", "content": "Astana"]], "tools": [LLMChatTests.weather]])
            let started = events.first { $0.data["type"] == "tool_call" }
            #expect(started?.data["name"] == "get_weather", "\(reply.text)")
            let fragments = events.filter { $0.data["type"] == "tool_call_arguments" }.compactMap { $0.data["fragment"]?.stringValue }
            #expect(try JSONParser.parse(Array(fragments.joined().utf8)) == ["city": "Astana"])
            #expect(events.last?.data["output"]?["toolCalls"]?.arrayValue?.first?["arguments"] == ["city": "Astana"])
        }
    }

    @Test(arguments: providers)
    func anIdleStreamEndsWithTimedOut(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            // Each timeout alone is short, the other generous, so a slow machine cannot trip the wrong one.
            try await double.connector(api, app: "ai", provider: provider, ["idleTimeout": 0.3, "firstTokenTimeout": 30])
            let (reply, events) = try await streamedChat(api, ["model": "stall-1", "messages": [["role": "user", "content": "a long answer"]]])
            let failure = try #require(events.last, "\(reply.text)")
            #expect(failure.name == "error")
            #expect(failure.data["error"]?["code"] == "timed_out")
            #expect(failure.data["error"]?["message"]?.stringValue?.contains("idle timeout") == true, "\(reply.text)")
            // The double sends its next piece 30 seconds later: only the one before the stall came through.
            let text = events.filter { $0.name == "delta" }.compactMap { $0.data["text"]?.stringValue }.joined()
            #expect(text == "You sa", "\(reply.text)")
        }
    }

    @Test(arguments: providers)
    func aSilentStartEndsWithTimedOut(provider: String) async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: provider, ["firstTokenTimeout": 0.3, "idleTimeout": 30])
            let (reply, events) = try await streamedChat(api, ["model": "slow-1", "messages": [["role": "user", "content": "x"]]])
            #expect(events.last?.data["error"]?["code"] == "timed_out", "\(reply.text)")
            #expect(events.last?.data["error"]?["message"]?.stringValue?.contains("first-token timeout") == true)
        }
    }

    @Test func whatFailsBeforeRunningIsAnErrorStatus() async throws {
        let double = try LLMDouble.fromEnvironment()
        try await APIFixture().run { api in
            try await double.connector(api, app: "ai", provider: "openai")
            let (reply, _) = try await streamedChat(api, ["messages": "not a list"])
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.errorCode == "invalid_input")
        }
    }

    /// Through a real socket: the first delta reaches the caller while the double still holds back the second.
    @Test func theFirstDeltaArrivesBeforeTheUpstreamSendsTheSecond() async throws {
        let double = try LLMDouble.fromEnvironment()
        let fixture = try await APIFixture()
        let app = Application(router: fixture.instance.makeRouter())
        let gate = UUID().uuidString
        try await app.test(.live) { client in
            let api = APIClient(client: client)
            try await double.connector(api, app: "ai", provider: "openai")
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/applications/ai/connectors/model/actions/chat")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(APIFixture.adminToken)")
            request.headers.add(name: "Accept", value: "text/event-stream")
            request.headers.add(name: "Content-Type", value: "application/json")
            let input: JSONValue = ["model": .string("gated-\(gate)"), "messages": [["role": "user", "content": "one two three four"]]]
            request.body = .bytes(ByteBuffer(bytes: input.jsonBytes()))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status == .ok)
            var received = ""
            var opened = false
            for try await part in response.body {
                received += String(buffer: part)
                if !opened, received.contains("event: delta") {
                    // The double sends nothing more until the gate opens: this delta came through while it waited.
                    #expect(!received.contains("event: result"))
                    opened = true
                    try await double.open(gate: gate)
                }
            }
            #expect(opened)
            let events = SSEEvent.parse(received)
            #expect(events.last?.name == "result", "\(received)")
            #expect(events.last?.data["output"]?["message"]?["content"] == "You said: one two three four")
        }
        await fixture.instance.runtime.drain()
        try? FileManager.default.removeItem(atPath: fixture.directory)
    }
}
