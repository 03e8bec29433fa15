import PlugboardCore

/// Ollama's `/api/chat`: images as base64 beside the text, tool arguments as objects, sampling settings under
/// `options`, and `format` for JSON output (`"json"`, or a schema).
enum OllamaChatDialect: ChatDialect {
    static let chatPath = "/api/chat"

    static func body(_ request: ChatRequest) -> JSONValue {
        var messages: [JSONValue] = []
        if let system = request.system { messages.append(["role": "system", "content": .string(system)]) }
        messages += request.messages.map(message)
        var body: JSONObject = ["model": .string(request.model), "messages": .array(messages), "stream": .bool(request.stream)]
        var options: JSONObject = [:]
        if let temperature = request.temperature { options["temperature"] = .number(temperature) }
        if let maxTokens = request.maxTokens { options["num_predict"] = .integer(Int64(maxTokens)) }
        if !request.stop.isEmpty { options["stop"] = .array(request.stop.map(JSONValue.string)) }
        if !options.isEmpty { body["options"] = .object(options) }
        if !request.tools.isEmpty, request.toolChoice != .none {
            body["tools"] = .array(request.tools.map { tool in
                ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters]]
            })
        }
        switch request.output {
        case .text: break
        case .json: body["format"] = "json"
        case .jsonSchema(_, let schema): body["format"] = schema
        }
        return merging(request.extra, into: body)
    }

    private static func message(_ message: ChatMessage) -> JSONValue {
        var object: JSONObject = ["role": .string(message.role.rawValue), "content": .string(message.text)]
        let images = message.content.compactMap { part -> JSONValue? in
            if case .imageData(let data, _) = part { return .string(data) }
            return nil
        }
        if !images.isEmpty { object["images"] = .array(images) }
        if !message.toolCalls.isEmpty {
            object["tool_calls"] = .array(message.toolCalls.map { call in
                ["function": ["name": .string(call.name), "arguments": call.arguments.objectValue.map(JSONValue.object) ?? [:]]]
            })
        }
        if message.role == .tool, let name = message.toolName { object["tool_name"] = .string(name) }
        return .object(object)
    }

    /// Ollama says `stop` also when it stopped to call tools.
    static func finishReason(_ reason: String?, calledTools: Bool) -> ChatResponse.FinishReason {
        if calledTools { return .toolCalls }
        switch reason {
        case "stop"?, nil: return .stop
        case "length"?: return .length
        case let other?: return .other(other)
        }
    }

    static func response(_ json: JSONValue) throws(ConnectorError) -> ChatResponse {
        guard let message = json["message"] else { throw malformed("Ollama", "message") }
        // Ollama gives tool calls no ids; the call's name and position make one, as the tool's answer must name it.
        let calls = (message["tool_calls"]?.arrayValue ?? []).enumerated().map { index, call in
            let name = call["function"]?["name"]?.stringValue ?? ""
            let arguments = call["function"]?["arguments"] ?? .object([:])
            return ToolCall(id: call["id"]?.stringValue ?? "call_\(index)_\(name)", name: name, arguments: arguments.stringValue.map(ToolCall.parseArguments) ?? arguments)
        }
        let reason = json["done_reason"]?.stringValue
        return ChatResponse(
            text: message["content"]?.stringValue ?? "", toolCalls: calls,
            finishReason: finishReason(reason, calledTools: !calls.isEmpty),
            usage: TokenUsage(
                inputTokens: Int(json["prompt_eval_count"]?.integerValue ?? 0), outputTokens: Int(json["eval_count"]?.integerValue ?? 0)),
            model: json["model"]?.stringValue ?? "")
    }
}
