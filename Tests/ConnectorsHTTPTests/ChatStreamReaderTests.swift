import PlugboardCore
import Testing

@testable import ConnectorsHTTP

/// Each dialect's streamed answer read into deltas and a final answer, the same however the bytes are split.
@Suite struct ChatStreamReaderTests {
    static let openAI = """
        data: {"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

        data: {"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"content":"Héllo"}}]}

        data: {"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":""}}]}}]}

        data: {"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"q\\":"}}]}}]}

        data: {"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"cat\\"}"}}]}}]}

        data: {"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

        data: {"id":"c1","model":"gpt-x","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7}}

        data: [DONE]


        """

    static let anthropic = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":25,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type":"ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Héllo"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"lookup","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"q\\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"cat\\"}"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":7}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    static let ollama = """
        {"model":"llama3","message":{"role":"assistant","content":"Hé"},"done":false}
        {"model":"llama3","message":{"role":"assistant","content":"llo"},"done":false}
        {"model":"llama3","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"lookup","arguments":{"q":"cat"}}}]},"done":false}
        {"model":"llama3","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":11,"eval_count":7}

        """

    /// Reads `stream` whole, then split at every byte; both must give the same deltas and answer.
    static func read(_ stream: String, _ provider: LLMProvider) throws -> (deltas: [ChatDelta], response: ChatResponse, finished: Bool) {
        var whole = ChatStreamReader(provider: provider, service: "llm.test")
        let deltas = try whole.feed(Array(stream.utf8))
        var split = ChatStreamReader(provider: provider, service: "llm.test")
        var splitDeltas: [ChatDelta] = []
        for byte in stream.utf8 { splitDeltas += try split.feed([byte]) }
        #expect(Self.merged(splitDeltas) == Self.merged(deltas), "\(provider): split at every byte")
        #expect(split.response == whole.response)
        return (deltas, whole.response, whole.finished)
    }

    /// Deltas with consecutive text and argument fragments joined, since a split stream may cut them differently.
    static func merged(_ deltas: [ChatDelta]) -> [ChatDelta] {
        var result: [ChatDelta] = []
        for delta in deltas {
            switch (result.last, delta) {
            case (.text(let before)?, .text(let after)):
                result[result.count - 1] = .text(before + after)
            case (.toolCallArguments(let index, let before)?, .toolCallArguments(let next, let after)) where index == next:
                result[result.count - 1] = .toolCallArguments(index: index, fragment: before + after)
            default:
                result.append(delta)
            }
        }
        return result
    }

    @Test(arguments: [LLMProvider.openAICompatible, .anthropic, .ollama])
    func aStreamAddsUpToTheAnswer(provider: LLMProvider) throws {
        let stream = provider == .openAICompatible ? Self.openAI : provider == .anthropic ? Self.anthropic : Self.ollama
        let (deltas, response, finished) = try Self.read(stream, provider)
        #expect(finished)
        let merged = Self.merged(deltas)
        #expect(merged.first == .text("Héllo"), "\(merged)")
        #expect(merged.contains { if case .toolCallStarted(0, _, "lookup") = $0 { return true } else { return false } })
        #expect(response.text == "Héllo" && response.toolCalls.map(\.arguments) == [["q": "cat"]])
        #expect(response.usage == .init(inputTokens: provider == .anthropic ? 25 : 11, outputTokens: 7))
        #expect(response.finishReason == .toolCalls && !response.model.isEmpty)
    }

    @Test func errorsInsideAStreamAreMapped() {
        var anthropic = ChatStreamReader(provider: .anthropic, service: "llm.test")
        let overloaded = #"event: error\#ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\#n\#n"#
        #expect(throws: ConnectorError.self) { _ = try anthropic.feed(Array(overloaded.utf8)) }
        do {
            var reader = ChatStreamReader(provider: .anthropic, service: "llm.test")
            _ = try reader.feed(Array(overloaded.utf8))
        } catch {
            #expect(error.code == .upstreamError && error.retryable)
        }
        var ollama = ChatStreamReader(provider: .ollama, service: "llm.test")
        #expect(throws: ConnectorError.self) { _ = try ollama.feed(Array("{\"error\":\"model not found\"}\n".utf8)) }
        var openAI = ChatStreamReader(provider: .openAICompatible, service: "llm.test")
        #expect(throws: ConnectorError.self) { _ = try openAI.feed(Array("data: {not json\n\n".utf8)) }
    }

    @Test func anthropicJSONOutputStreamsAsText() throws {
        let stream = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"json_output","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":1}"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":3}}


            """
        let (deltas, response, _) = try Self.read(stream, .anthropic)
        #expect(Self.merged(deltas) == [.text(#"{"a":1}"#)] && response.text == #"{"a":1}"# && response.finishReason == .stop)
    }
}
