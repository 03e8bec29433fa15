import PlugboardCore

/// One piece of a streamed answer, as the caller receives it while it arrives.
public enum ChatDelta: Sendable, Hashable {
    case text(String)
    /// The model began a tool call; its arguments follow as fragments of JSON text.
    case toolCallStarted(index: Int, id: String, name: String)
    case toolCallArguments(index: Int, fragment: String)

    /// The delta as the API streams it, one SSE `data:` each.
    public var json: JSONValue {
        switch self {
        case .text(let text): return ["type": "text", "text": .string(text)]
        case .toolCallStarted(let index, let id, let name):
            return ["type": "tool_call", "index": .integer(Int64(index)), "id": .string(id), "name": .string(name)]
        case .toolCallArguments(let index, let fragment):
            return ["type": "tool_call_arguments", "index": .integer(Int64(index)), "fragment": .string(fragment)]
        }
    }
}

/// Reads one provider's streamed answer, in parts of any size, into deltas, and keeps what the final answer needs:
/// the text, each tool call's arguments, the finish reason, the usage and the model. OpenAI-compatible and Anthropic
/// servers stream server-sent events, Ollama newline-delimited JSON. A plain value, tested without I/O.
struct ChatStreamReader {
    let provider: LLMProvider
    let service: String
    private var events = ServerSentEventParser(maximumEventBytes: 1 << 20)
    private var lines = NDJSONLineReader(maximumLineBytes: 1 << 20)
    private var text = ""
    private var calls: [(id: String, name: String, arguments: String)] = []
    /// Anthropic numbers content blocks; tool calls are numbered among themselves.
    private var blockToCall: [Int: Int] = [:]
    /// Anthropic's JSON-output tool streams the answer itself.
    private var jsonBlocks: Set<Int> = []
    private var finishReason: ChatResponse.FinishReason = .stop
    private var usage = TokenUsage.zero
    private var model = ""
    /// Whether the provider said the answer is complete.
    private(set) var finished = false

    init(provider: LLMProvider, service: String) {
        self.provider = provider
        self.service = service
    }

    /// Consumes the bytes and returns the deltas they complete; a provider's error event throws it.
    mutating func feed(_ bytes: [UInt8]) throws(ConnectorError) -> [ChatDelta] {
        var deltas: [ChatDelta] = []
        switch provider {
        case .ollama:
            for line in try lines.feed(bytes) { try ollama(line, into: &deltas) }
        case .openAICompatible, .anthropic:
            let complete: [ServerSentEvent]
            do {
                complete = try events.feed(bytes)
            } catch {
                throw ConnectorError(.payloadTooLarge, message: "An event of \(service)'s stream is larger than 1 MiB.")
            }
            for event in complete {
                if provider == .anthropic {
                    try anthropic(event, into: &deltas)
                } else {
                    try openAI(event, into: &deltas)
                }
            }
        }
        return deltas
    }

    /// The answer the stream added up to.
    var response: ChatResponse {
        let toolCalls = calls.map { ToolCall(id: $0.id, name: $0.name, arguments: ToolCall.parseArguments($0.arguments)) }
        return ChatResponse(text: text, toolCalls: toolCalls, finishReason: finishReason, usage: usage, model: model)
    }

    // MARK: Dialects

    private mutating func openAI(_ event: ServerSentEvent, into deltas: inout [ChatDelta]) throws(ConnectorError) {
        guard event.data != "[DONE]" else {
            finished = true
            return
        }
        let chunk = try parse(event.data)
        if let error = chunk["error"], error != .null { throw streamError(error) }
        if let name = chunk["model"]?.stringValue { model = name }
        if let counted = chunk["usage"], counted != .null {
            usage = TokenUsage(
                inputTokens: Int(counted["prompt_tokens"]?.integerValue ?? 0), outputTokens: Int(counted["completion_tokens"]?.integerValue ?? 0))
        }
        guard let choice = chunk["choices"]?.arrayValue?.first else { return }
        if let piece = choice["delta"]?["content"]?.stringValue, !piece.isEmpty {
            text += piece
            deltas.append(.text(piece))
        }
        for call in choice["delta"]?["tool_calls"]?.arrayValue ?? [] {
            let index = Int(call["index"]?.integerValue ?? Int64(calls.count))
            while calls.count <= index { calls.append(("", "", "")) }
            if let id = call["id"]?.stringValue, let name = call["function"]?["name"]?.stringValue {
                calls[index].id = id
                calls[index].name = name
                deltas.append(.toolCallStarted(index: index, id: id, name: name))
            }
            if let fragment = call["function"]?["arguments"]?.stringValue, !fragment.isEmpty {
                calls[index].arguments += fragment
                deltas.append(.toolCallArguments(index: index, fragment: fragment))
            }
        }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = OpenAIChatDialect.finishReason(reason) }
    }

    private mutating func anthropic(_ event: ServerSentEvent, into deltas: inout [ChatDelta]) throws(ConnectorError) {
        let body = try parse(event.data)
        switch body["type"]?.stringValue ?? event.type {
        case "message_start":
            model = body["message"]?["model"]?.stringValue ?? model
            usage.inputTokens = Int(body["message"]?["usage"]?["input_tokens"]?.integerValue ?? 0)
        case "content_block_start":
            let block = Int(body["index"]?.integerValue ?? 0)
            guard body["content_block"]?["type"] == "tool_use" else { return }
            let name = body["content_block"]?["name"]?.stringValue ?? ""
            if name == AnthropicChatDialect.jsonTool {
                jsonBlocks.insert(block)
                return
            }
            let id = body["content_block"]?["id"]?.stringValue ?? ""
            blockToCall[block] = calls.count
            calls.append((id, name, ""))
            deltas.append(.toolCallStarted(index: calls.count - 1, id: id, name: name))
        case "content_block_delta":
            let block = Int(body["index"]?.integerValue ?? 0)
            let delta = body["delta"]
            if let piece = delta?["text"]?.stringValue, !piece.isEmpty {
                text += piece
                deltas.append(.text(piece))
            } else if let fragment = delta?["partial_json"]?.stringValue, !fragment.isEmpty {
                if jsonBlocks.contains(block) {
                    text += fragment
                    deltas.append(.text(fragment))
                } else if let index = blockToCall[block] {
                    calls[index].arguments += fragment
                    deltas.append(.toolCallArguments(index: index, fragment: fragment))
                }
            }
        case "message_delta":
            if let reason = body["delta"]?["stop_reason"]?.stringValue {
                finishReason = AnthropicChatDialect.finishReason(reason, calledTools: !calls.isEmpty)
            }
            if let output = body["usage"]?["output_tokens"]?.integerValue { usage.outputTokens = Int(output) }
        case "message_stop":
            finished = true
        case "error":
            throw streamError(body["error"] ?? body)
        default:
            return
        }
    }

    private mutating func ollama(_ line: JSONValue, into deltas: inout [ChatDelta]) throws(ConnectorError) {
        if let error = line["error"]?.stringValue { throw streamError(["message": .string(error)]) }
        if let name = line["model"]?.stringValue { model = name }
        if let piece = line["message"]?["content"]?.stringValue, !piece.isEmpty {
            text += piece
            deltas.append(.text(piece))
        }
        for call in line["message"]?["tool_calls"]?.arrayValue ?? [] {
            let name = call["function"]?["name"]?.stringValue ?? ""
            let arguments = call["function"]?["arguments"] ?? .object([:])
            let id = call["id"]?.stringValue ?? "call_\(calls.count)_\(name)"
            let argumentsText = arguments.stringValue ?? arguments.jsonString()
            calls.append((id, name, argumentsText))
            deltas.append(.toolCallStarted(index: calls.count - 1, id: id, name: name))
            deltas.append(.toolCallArguments(index: calls.count - 1, fragment: argumentsText))
        }
        guard line["done"] == true else { return }
        finished = true
        finishReason = OllamaChatDialect.finishReason(line["done_reason"]?.stringValue, calledTools: !calls.isEmpty)
        usage = TokenUsage(
            inputTokens: Int(line["prompt_eval_count"]?.integerValue ?? 0), outputTokens: Int(line["eval_count"]?.integerValue ?? 0))
    }

    // MARK: Helpers

    private func parse(_ data: String) throws(ConnectorError) -> JSONValue {
        do {
            return try JSONParser.parse(data)
        } catch {
            throw ConnectorError(.upstreamError, message: "\(service) streamed an event that is not JSON: \(error).")
        }
    }

    /// An error the provider sent inside the stream (an overload mid-answer, say), mapped like an error status.
    private func streamError(_ error: JSONValue) -> ConnectorError {
        let overloaded = error["type"] == "overloaded_error"
        return LLMFailure.error(
            status: overloaded ? 529 : 500, headers: [], body: JSONValue.object(["error": error]).jsonBytes(), provider: provider, service: service)
    }
}
