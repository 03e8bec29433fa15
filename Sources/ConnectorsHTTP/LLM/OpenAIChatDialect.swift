import PlugboardCore

/// OpenAI's `/chat/completions`, which OpenAI-compatible servers (Azure OpenAI, vLLM, LM Studio, llama.cpp,
/// OpenRouter) answer too.
enum OpenAIChatDialect: ChatDialect {
    static let chatPath = "/chat/completions"

    static func body(_ request: ChatRequest) -> JSONValue {
        var messages: [JSONValue] = []
        if let system = request.system { messages.append(["role": "system", "content": .string(system)]) }
        messages += request.messages.map(message)
        var body: JSONObject = ["model": .string(request.model), "messages": .array(messages)]
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if let maxTokens = request.maxTokens { body["max_tokens"] = .integer(Int64(maxTokens)) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { tool in
                ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters]]
            })
            switch request.toolChoice {
            case .auto: body["tool_choice"] = "auto"
            case .none: body["tool_choice"] = "none"
            case .required: body["tool_choice"] = "required"
            case .function(let name): body["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
            }
        }
        switch request.output {
        case .text: break
        case .json: body["response_format"] = ["type": "json_object"]
        case .jsonSchema(let name, let schema):
            body["response_format"] = ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": true]]
        }
        if request.stream {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
        }
        return merging(request.extra, into: body)
    }

    private static func message(_ message: ChatMessage) -> JSONValue {
        switch message.role {
        case .tool:
            return ["role": "tool", "tool_call_id": .string(message.toolCallID ?? ""), "content": .string(message.text)]
        case .assistant:
            var object: JSONObject = ["role": "assistant", "content": message.text.isEmpty && !message.toolCalls.isEmpty ? .null : .string(message.text)]
            if !message.toolCalls.isEmpty {
                object["tool_calls"] = .array(message.toolCalls.map { call in
                    ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.argumentsText)]]
                })
            }
            return .object(object)
        case .user:
            let hasImages = message.content.contains { if case .text = $0 { return false } else { return true } }
            guard hasImages else { return ["role": "user", "content": .string(message.text)] }
            return ["role": "user", "content": .array(message.content.map { part in
                switch part {
                case .text(let text): return ["type": "text", "text": .string(text)]
                case .imageURL(let url): return ["type": "image_url", "image_url": ["url": .string(url)]]
                case .imageData(let data, let mediaType):
                    return ["type": "image_url", "image_url": ["url": .string("data:\(mediaType);base64,\(data)")]]
                }
            })]
        }
    }

    static func response(_ json: JSONValue) throws(ConnectorError) -> ChatResponse {
        guard let choice = json["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw malformed("OpenAI-compatible", "choices[0].message")
        }
        let calls = (message["tool_calls"]?.arrayValue ?? []).map { call in
            ToolCall(
                id: call["id"]?.stringValue ?? "", name: call["function"]?["name"]?.stringValue ?? "",
                arguments: ToolCall.parseArguments(call["function"]?["arguments"]?.stringValue ?? ""))
        }
        return ChatResponse(
            text: message["content"]?.stringValue ?? "", toolCalls: calls,
            finishReason: finishReason(choice["finish_reason"]?.stringValue),
            usage: TokenUsage(
                inputTokens: Int(json["usage"]?["prompt_tokens"]?.integerValue ?? 0),
                outputTokens: Int(json["usage"]?["completion_tokens"]?.integerValue ?? 0)),
            model: json["model"]?.stringValue ?? "")
    }

    static func finishReason(_ reason: String?) -> ChatResponse.FinishReason {
        switch reason {
        case "stop"?, nil: return .stop
        case "length"?: return .length
        case "tool_calls"?, "function_call"?: return .toolCalls
        case "content_filter"?: return .contentFilter
        case let other?: return .other(other)
        }
    }
}
