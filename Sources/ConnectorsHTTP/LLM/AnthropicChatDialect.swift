import PlugboardCore

/// Anthropic's Messages API (`/v1/messages`): the system prompt beside the messages, content as blocks, tool results
/// as user blocks, and `max_tokens` required. JSON output with a schema is asked for as one forced tool, whose input
/// is the answer.
enum AnthropicChatDialect: ChatDialect {
    static let chatPath = "/v1/messages"
    /// `max_tokens` when the request names none: Anthropic requires one.
    static let defaultMaxTokens = 4096
    /// The tool JSON output is asked for with.
    static let jsonTool = "json_output"

    static func body(_ request: ChatRequest) -> JSONValue {
        var body: JSONObject = [
            "model": .string(request.model), "max_tokens": .integer(Int64(request.maxTokens ?? defaultMaxTokens)),
            "messages": .array(messages(request.messages)),
        ]
        var system = request.system
        if case .json = request.output {
            system = [system, "Answer with one JSON object and nothing else."].compactMap { $0 }.joined(separator: "\n\n")
        }
        if let system { body["system"] = .string(system) }
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        var tools: [JSONValue] = request.tools.map { tool in
            ["name": .string(tool.name), "description": .string(tool.description), "input_schema": tool.parameters]
        }
        var choice: JSONValue?
        switch request.toolChoice {
        case .auto: if !tools.isEmpty { choice = ["type": "auto"] }
        case .none: if !tools.isEmpty { choice = ["type": "none"] }
        case .required: choice = ["type": "any"]
        case .function(let name): choice = ["type": "tool", "name": .string(name)]
        }
        if case .jsonSchema(_, let schema) = request.output {
            tools.append(["name": .string(jsonTool), "description": "Give the answer as this tool's input.", "input_schema": schema])
            choice = ["type": "tool", "name": .string(jsonTool)]
        }
        if !tools.isEmpty { body["tools"] = .array(tools) }
        if let choice { body["tool_choice"] = choice }
        if request.stream { body["stream"] = true }
        return merging(request.extra, into: body)
    }

    /// Messages as Anthropic wants them: tool results are user messages of `tool_result` blocks, and consecutive
    /// messages of one role are merged (the API requires turns to alternate).
    private static func messages(_ messages: [ChatMessage]) -> [JSONValue] {
        var turns: [(role: String, blocks: [JSONValue])] = []
        for message in messages {
            let role = message.role == .assistant ? "assistant" : "user"
            var blocks: [JSONValue] = []
            switch message.role {
            case .tool:
                var block: JSONObject = ["type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""), "content": .string(message.text)]
                if message.isError { block["is_error"] = true }
                blocks.append(.object(block))
            case .user, .assistant:
                blocks += message.content.map { part in
                    switch part {
                    case .text(let text): return ["type": "text", "text": .string(text)]
                    case .imageURL(let url): return ["type": "image", "source": ["type": "url", "url": .string(url)]]
                    case .imageData(let data, let mediaType):
                        return ["type": "image", "source": ["type": "base64", "media_type": .string(mediaType), "data": .string(data)]]
                    }
                }
                blocks += message.toolCalls.map { call in
                    ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": call.arguments.objectValue.map(JSONValue.object) ?? [:]]
                }
            }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append((role, blocks))
            }
        }
        return turns.map { ["role": .string($0.role), "content": .array($0.blocks)] }
    }

    static func response(_ json: JSONValue) throws(ConnectorError) -> ChatResponse {
        guard let blocks = json["content"]?.arrayValue else { throw malformed("Anthropic", "content") }
        var text = ""
        var calls: [ToolCall] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text"?: text += block["text"]?.stringValue ?? ""
            case "tool_use"?:
                let name = block["name"]?.stringValue ?? ""
                let input = block["input"] ?? .object([:])
                if name == jsonTool {
                    text += input.jsonString()
                } else {
                    calls.append(ToolCall(id: block["id"]?.stringValue ?? "", name: name, arguments: input))
                }
            default: continue
            }
        }
        let stop = json["stop_reason"]?.stringValue
        return ChatResponse(
            text: text, toolCalls: calls,
            finishReason: finishReason(stop, calledTools: !calls.isEmpty),
            usage: TokenUsage(
                inputTokens: Int(json["usage"]?["input_tokens"]?.integerValue ?? 0),
                outputTokens: Int(json["usage"]?["output_tokens"]?.integerValue ?? 0)),
            model: json["model"]?.stringValue ?? "")
    }

    static func finishReason(_ reason: String?, calledTools: Bool = true) -> ChatResponse.FinishReason {
        // A `tool_use` stop with no tool calls left was the JSON-output tool: the answer is complete.
        if reason == "tool_use", !calledTools { return .stop }
        switch reason {
        case "end_turn"?, "stop_sequence"?, nil: return .stop
        case "max_tokens"?: return .length
        case "tool_use"?: return .toolCalls
        case "refusal"?: return .contentFilter
        case let other?: return .other(other)
        }
    }
}
