import PlugboardCore
import Testing

@testable import ConnectorsHTTP

/// The three chat dialects as plain values: the request each provider is sent, and the normalised answer read from
/// what each provider sends back (shapes from their API references).
@Suite struct ChatDialectTests {
    /// A conversation with every feature: a system prompt, an image, a tool call and its result, tools, JSON output.
    static let conversation = ChatRequest(
        model: "m-1", system: "Be brief.",
        messages: [
            ChatMessage(role: .user, content: [.text("What is in "), .imageData(base64: "AAAA", mediaType: "image/jpeg")]),
            ChatMessage(role: .assistant, content: [], toolCalls: [ToolCall(id: "call_1", name: "lookup", arguments: ["q": "cat"])]),
            ChatMessage(role: .tool, content: [.text("a cat")], toolCallID: "call_1", toolName: "lookup"),
            ChatMessage(role: .user, content: [.text("Thanks.")]),
        ],
        temperature: 0.2, maxTokens: 100, stop: ["END"],
        tools: [ChatTool(name: "lookup", description: "Looks up", parameters: ["type": "object", "properties": ["q": ["type": "string"]]])],
        toolChoice: .required, output: .jsonSchema(name: "answer", schema: ["type": "object"]), extra: ["seed": 7])

    @Test func openAIRequestsCarryEveryPart() throws {
        let body = OpenAIChatDialect.body(Self.conversation)
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["system", "user", "assistant", "tool", "user"])
        #expect(messages[1]["content"]?.arrayValue?[1]["image_url"]?["url"] == "data:image/jpeg;base64,AAAA")
        #expect(messages[2]["content"] == .null && messages[2]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == #"{"q":"cat"}"#)
        #expect(messages[3]["tool_call_id"] == "call_1" && messages[4]["content"] == "Thanks.")
        #expect(body["tool_choice"] == "required" && body["max_tokens"] == 100 && body["stop"] == ["END"] && body["seed"] == 7)
        #expect(body["response_format"]?["json_schema"]?["name"] == "answer")
        var streamed = Self.conversation
        streamed.stream = true
        #expect(OpenAIChatDialect.body(streamed)["stream_options"]?["include_usage"] == true)
    }

    @Test func openAIAnswersAreNormalised() throws {
        let answer: JSONValue = [
            "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-x",
            "choices": [["index": 0, "finish_reason": "tool_calls", "message": [
                "role": "assistant", "content": nil,
                "tool_calls": [
                    ["id": "call_a", "type": "function", "function": ["name": "lookup", "arguments": #"{"q":"dog"}"#]],
                    ["id": "call_b", "type": "function", "function": ["name": "lookup", "arguments": "{not json"]],
                ],
            ]]],
            "usage": ["prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17],
        ]
        let response = try OpenAIChatDialect.response(answer)
        #expect(response.finishReason == .toolCalls && response.usage == .init(inputTokens: 12, outputTokens: 5) && response.model == "gpt-x")
        #expect(response.toolCalls.map(\.arguments) == [["q": "dog"], "{not json"], "arguments that are not JSON are kept as text")
        #expect(response.json["finishReason"] == "tool_calls" && response.json["message"]?["content"] == "")
        #expect(throws: ConnectorError.self) { try OpenAIChatDialect.response(["error": "nope"]) }
    }

    @Test func anthropicRequestsUseBlocksAndAlternatingTurns() throws {
        let body = AnthropicChatDialect.body(Self.conversation)
        #expect(body["system"] == "Be brief." && body["max_tokens"] == 100 && body["stop_sequences"] == ["END"])
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["user", "assistant", "user"], "the tool result and the next user text share one turn")
        #expect(messages[0]["content"]?.arrayValue?[1]["source"]?["media_type"] == "image/jpeg")
        #expect(messages[1]["content"]?.arrayValue?.first?["type"] == "tool_use" && messages[1]["content"]?.arrayValue?.first?["input"] == ["q": "cat"])
        let last = try #require(messages[2]["content"]?.arrayValue)
        #expect(last.map { $0["type"] } == ["tool_result", "text"] && last[0]["tool_use_id"] == "call_1")
        let tools = try #require(body["tools"]?.arrayValue)
        #expect(tools.map { $0["name"] } == ["lookup", "json_output"] && body["tool_choice"] == ["type": "tool", "name": "json_output"],
                "JSON output with a schema is one forced tool")
        var plain = ChatRequest(model: "c", messages: [ChatMessage(role: .user, content: [.text("hi")])])
        #expect(AnthropicChatDialect.body(plain)["max_tokens"] == 4096 && AnthropicChatDialect.body(plain)["tools"] == nil)
        plain.output = .json
        #expect(AnthropicChatDialect.body(plain)["system"]?.stringValue?.contains("JSON") == true)
    }

    @Test func anthropicAnswersAreNormalised() throws {
        let answer: JSONValue = [
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x", "stop_reason": "tool_use",
            "content": [["type": "text", "text": "Let me check."], ["type": "tool_use", "id": "toolu_1", "name": "lookup", "input": ["q": "owl"]]],
            "usage": ["input_tokens": 20, "output_tokens": 9],
        ]
        let response = try AnthropicChatDialect.response(answer)
        #expect(response.text == "Let me check." && response.toolCalls == [ToolCall(id: "toolu_1", name: "lookup", arguments: ["q": "owl"])])
        #expect(response.finishReason == .toolCalls && response.usage == .init(inputTokens: 20, outputTokens: 9))
        let json = try AnthropicChatDialect.response([
            "model": "claude-x", "stop_reason": "tool_use", "usage": ["input_tokens": 1, "output_tokens": 2],
            "content": [["type": "tool_use", "id": "t", "name": "json_output", "input": ["answer": 42]]],
        ])
        #expect(json.text == #"{"answer":42}"# && json.toolCalls.isEmpty && json.finishReason == .stop, "the JSON tool's input is the answer")
        #expect(AnthropicChatDialect.finishReason("max_tokens") == .length)
    }

    @Test func ollamaRequestsAndAnswers() throws {
        let body = OllamaChatDialect.body(Self.conversation)
        #expect(body["options"] == ["temperature": 0.2, "num_predict": 100, "stop": ["END"]] && body["stream"] == false)
        #expect(body["format"] == ["type": "object"])
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages[1]["images"] == ["AAAA"] && messages[1]["content"] == "What is in ")
        #expect(messages[2]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == ["q": "cat"])
        #expect(messages[3]["role"] == "tool" && messages[3]["tool_name"] == "lookup")

        let response = try OllamaChatDialect.response([
            "model": "llama3", "done": true, "done_reason": "stop", "prompt_eval_count": 30, "eval_count": 4,
            "message": ["role": "assistant", "content": "", "tool_calls": [["function": ["name": "lookup", "arguments": ["q": "bee"]]]]],
        ])
        #expect(response.toolCalls == [ToolCall(id: "call_0_lookup", name: "lookup", arguments: ["q": "bee"])])
        #expect(response.finishReason == .toolCalls && response.usage == .init(inputTokens: 30, outputTokens: 4))
    }

    @Test func theChatInputIsReadAndBadInputNamesTheField() throws {
        let request = try ChatRequest(json: [
            "messages": [["role": "user", "content": [["type": "text", "text": "hi"], ["type": "image", "url": "https://x.test/a.png"]]]],
            "stop": "END", "toolChoice": ["name": "lookup"], "output": ["schema": ["type": "object"]],
            "tools": [["name": "lookup", "parameters": ["type": "object"]]],
        ], defaultModel: "default-model")
        #expect(request.model == "default-model" && request.stop == ["END"] && request.toolChoice == .function("lookup"))
        #expect(request.messages.first?.content == [.text("hi"), .imageURL("https://x.test/a.png")])
        #expect(request.output == .jsonSchema(name: "answer", schema: ["type": "object"]))

        let cases: [(JSONObject, String)] = [
            (["messages": []], "messages"),
            (["messages": [["role": "system", "content": "x"]]], "messages[0].role"),
            (["messages": [["role": "user", "content": [["type": "video"]]]]], "messages[0].content[0].type"),
            (["messages": [["role": "user", "content": "x"]], "toolChoice": "sometimes"], "toolChoice"),
            (["messages": [["role": "user", "content": "x"]], "tools": [["description": "no name"]]], "tools[0].name"),
        ]
        for (input, field) in cases {
            #expect(throws: ConnectorError.self) { try ChatRequest(json: input, defaultModel: "m") }
            do {
                _ = try ChatRequest(json: input, defaultModel: "m")
            } catch {
                #expect(error.field == field, "\(input) → \(error.message)")
            }
        }
        #expect(throws: ConnectorError.self) { try ChatRequest(json: ["messages": [["role": "user", "content": "x"]]], defaultModel: "") }
    }
}

/// Provider error answers mapped to the taxonomy.
@Suite struct LLMFailureTests {
    static func error(_ status: Int, _ body: JSONValue, headers: [(String, String)] = [], provider: LLMProvider = .openAICompatible) -> ConnectorError {
        LLMFailure.error(status: status, headers: headers, body: body.jsonBytes(), provider: provider, service: "api.test")
    }

    @Test func statusesAndWordsDecideTheCode() {
        let unauthorized = Self.error(401, ["error": ["message": "Incorrect API key provided", "type": "invalid_request_error"]])
        #expect(unauthorized.code == .authenticationFailed && unauthorized.message.contains("Incorrect API key"))
        let limited = Self.error(429, ["error": ["message": "Rate limit reached"]], headers: [("Retry-After", "7")])
        #expect(limited.code == .rateLimited && limited.retryAfter == 7 && limited.retryable)
        #expect(Self.error(429, [:], headers: [("retry-after-ms", "1500")]).retryAfter == 1.5)
        let overloaded = Self.error(529, ["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]], provider: .anthropic)
        #expect(overloaded.code == .upstreamError && overloaded.retryable)
        #expect(Self.error(503, ["error": "model is loading"], provider: .ollama).retryable)
        #expect(Self.error(404, ["error": ["message": "model not found"]]).code == .invalidInput)
    }

    @Test func contextLengthErrorsNameTheLimit() {
        let openAI = Self.error(400, ["error": [
            "message": "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
            "type": "invalid_request_error", "code": "context_length_exceeded",
        ]])
        #expect(openAI.code == .invalidInput && openAI.details?["contextLimit"] == 8192 && openAI.field == "messages")
        let anthropic = Self.error(
            400, ["type": "error", "error": ["type": "invalid_request_error", "message": "prompt is too long: 210000 tokens > 200000 maximum"]],
            provider: .anthropic)
        #expect(anthropic.details?["contextLimit"] == 200000 && anthropic.message.contains("200000"))
        let ollama = Self.error(400, ["error": "input exceeds the context length"], provider: .ollama)
        #expect(ollama.code == .invalidInput && ollama.details == nil && ollama.field == "messages")
    }
}

/// Embeddings and model lists in each dialect.
@Suite struct LLMCatalogDialectTests {
    @Test func embeddingsKeepTheInputsOrderAndAnthropicIsRefused() throws {
        let openAI = try LLMCatalogDialects.embeddings([
            "object": "list", "model": "text-embedding-3-small", "usage": ["prompt_tokens": 8, "total_tokens": 8],
            "data": [["object": "embedding", "index": 1, "embedding": [0.3, 0.4]], ["object": "embedding", "index": 0, "embedding": [0.1, 0.2]]],
        ], provider: .openAICompatible)
        #expect(openAI["embeddings"] == [[0.1, 0.2], [0.3, 0.4]] && openAI["dimensions"] == 2 && openAI["usage"]?["inputTokens"] == 8)
        let ollama = try LLMCatalogDialects.embeddings(
            ["model": "nomic-embed-text", "embeddings": [[1, 2, 3]], "prompt_eval_count": 4], provider: .ollama)
        #expect(ollama["embeddings"] == [[1, 2, 3]] && ollama["dimensions"] == 3)
        #expect(LLMCatalogDialects.embeddingsBody(model: "m", texts: ["a", "b"], extra: ["dimensions": 256]) == ["model": "m", "input": ["a", "b"], "dimensions": 256])
        do {
            _ = try LLMCatalogDialects.embeddingsPath(.anthropic)
            Issue.record("Anthropic has no embeddings")
        } catch {
            #expect(error.code == .invalidInput && error.message.contains("Anthropic"))
        }
        #expect(throws: ConnectorError.self) { try LLMCatalogDialects.embeddings(["error": "x"], provider: .ollama) }
    }

    @Test func modelListsReadAlike() throws {
        let openAI = try LLMCatalogDialects.models(["object": "list", "data": [["id": "gpt-x", "object": "model", "owned_by": "openai"]]], provider: .openAICompatible)
        #expect(openAI["models"]?.arrayValue?.first?["id"] == "gpt-x")
        let anthropic = try LLMCatalogDialects.models(
            ["data": [["id": "claude-x", "display_name": "Claude X", "created_at": "2025-01-01T00:00:00Z", "type": "model"]], "has_more": false],
            provider: .anthropic)
        #expect(anthropic["models"]?.arrayValue?.first?["name"] == "Claude X")
        let ollama = try LLMCatalogDialects.models(["models": [["name": "llama3:latest", "model": "llama3:latest", "modified_at": "2025-01-01"]]], provider: .ollama)
        #expect(ollama["models"]?.arrayValue?.first?["id"] == "llama3:latest")
        #expect(LLMCatalogDialects.modelsPath(.anthropic) == "/v1/models" && LLMCatalogDialects.modelsPath(.ollama) == "/api/tags")
    }
}
