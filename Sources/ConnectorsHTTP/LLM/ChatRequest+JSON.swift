import PlugboardCore

/// The `chat` action's input, read into a `ChatRequest`; every refusal names the field at fault.
///
/// `{"model", "system", "messages": [{"role", "content": "text" | [{"type": "text", "text"} | {"type": "image", "url"} |
/// {"type": "image", "data", "mediaType"}], "toolCalls": [{"id", "name", "arguments"}], "toolCallId", "toolName",
/// "isError"}], "temperature", "maxTokens", "stop", "tools": [{"name", "description", "parameters"}],
/// "toolChoice": "auto" | "none" | "required" | {"name"}, "output": "text" | "json" | {"name", "schema"}, "extra"}`
extension ChatRequest {
    public init(json input: JSONObject, defaultModel: String) throws(ConnectorError) {
        try input.onlyKeys(["model", "system", "messages", "temperature", "maxTokens", "stop", "tools", "toolChoice", "output", "extra"])
        guard let model = try input.string("model") ?? (defaultModel.isEmpty ? nil : defaultModel) else {
            throw .invalidInput("Name a model: the connector has no default model.", field: "model")
        }
        guard let list = input["messages"]?.arrayValue, !list.isEmpty else {
            throw .invalidInput("The field 'messages' is required: a list of at least one message.", field: "messages")
        }
        var messages: [ChatMessage] = []
        for (index, element) in list.enumerated() { messages.append(try Self.message(element, field: "messages[\(index)]")) }
        var stop: [String] = []
        switch input["stop"] {
        case nil, .null?: break
        case .string(let text)?: stop = [text]
        case .array(let values)?: stop = values.compactMap(\.stringValue)
        case let other?: throw .invalidInput("The field 'stop' must be a string or a list of strings, not \(other.typeName).", field: "stop")
        }
        var tools: [ChatTool] = []
        for (index, element) in (input["tools"]?.arrayValue ?? []).enumerated() {
            let field = "tools[\(index)]"
            guard let tool = element.objectValue else { throw .invalidInput("Each tool is {name, description, parameters}.", field: field) }
            try tool.onlyKeys(["name", "description", "parameters"], within: field)
            tools.append(ChatTool(
                name: try tool.string("name", required: true, within: field)!, description: try tool.string("description", within: field) ?? "",
                parameters: try tool.object("parameters", within: field).map(JSONValue.object) ?? ["type": "object", "properties": [:]]))
        }
        self.init(
            model: model, system: try input.string("system"), messages: messages, temperature: try input.number("temperature"),
            maxTokens: try input.integer("maxTokens"), stop: stop, tools: tools, toolChoice: try Self.toolChoice(input["toolChoice"]),
            output: try Self.output(input["output"]), extra: try input.object("extra") ?? [:])
    }

    private static func message(_ value: JSONValue, field: String) throws(ConnectorError) -> ChatMessage {
        guard let object = value.objectValue else { throw .invalidInput("Each message is {role, content}.", field: field) }
        try object.onlyKeys(["role", "content", "toolCalls", "toolCallId", "toolName", "isError"], within: field)
        let roleName = try object.string("role", required: true, within: field)!
        guard let role = ChatMessage.Role(rawValue: roleName) else {
            throw .invalidInput("A message's role is user, assistant or tool, not '\(roleName)' (the system prompt is the 'system' field).", field: "\(field).role")
        }
        var parts: [ChatMessage.Part] = []
        switch object["content"] {
        case nil, .null?: break
        case .string(let text)?: parts = [.text(text)]
        case .array(let elements)?:
            for (index, element) in elements.enumerated() { parts.append(try Self.part(element, field: "\(field).content[\(index)]")) }
        case let other?: throw .invalidInput("A message's content is text or a list of parts, not \(other.typeName).", field: "\(field).content")
        }
        var calls: [ToolCall] = []
        for (index, element) in (object["toolCalls"]?.arrayValue ?? []).enumerated() {
            let callField = "\(field).toolCalls[\(index)]"
            guard let call = element.objectValue else { throw .invalidInput("Each tool call is {id, name, arguments}.", field: callField) }
            calls.append(ToolCall(
                id: try call.string("id", within: callField) ?? "call_\(index)", name: try call.string("name", required: true, within: callField)!,
                arguments: call["arguments"] ?? .object([:])))
        }
        return ChatMessage(
            role: role, content: parts, toolCalls: calls, toolCallID: try object.string("toolCallId", within: field),
            toolName: try object.string("toolName", within: field), isError: try object.bool("isError", within: field) ?? false)
    }

    private static func part(_ value: JSONValue, field: String) throws(ConnectorError) -> ChatMessage.Part {
        guard let object = value.objectValue else { throw .invalidInput("A content part is {type: text|image, …}.", field: field) }
        switch try object.string("type", required: true, within: field)! {
        case "text": return .text(try object.string("text", required: true, within: field)!)
        case "image":
            if let url = try object.string("url", within: field) { return .imageURL(url) }
            guard let data = try object.string("data", within: field) else {
                throw .invalidInput("An image part has a url, or base64 data with its mediaType.", field: field)
            }
            return .imageData(base64: data, mediaType: try object.string("mediaType", within: field) ?? "image/png")
        case let other: throw .invalidInput("A content part's type is text or image, not '\(other)'.", field: "\(field).type")
        }
    }

    private static func toolChoice(_ value: JSONValue?) throws(ConnectorError) -> ToolChoice {
        switch value {
        case nil, .null?, .string("auto")?: return .auto
        case .string("none")?: return .none
        case .string("required")?: return .required
        case .object(let object)?:
            guard let name = try object.string("name", within: "toolChoice") else {
                throw .invalidInput("toolChoice names a tool as {\"name\": …}.", field: "toolChoice")
            }
            return .function(name)
        default: throw .invalidInput("toolChoice is auto, none, required or {\"name\": TOOL}.", field: "toolChoice")
        }
    }

    private static func output(_ value: JSONValue?) throws(ConnectorError) -> OutputFormat {
        switch value {
        case nil, .null?, .string("text")?: return .text
        case .string("json")?: return .json
        case .object(let object)?:
            guard let schema = try object.object("schema", within: "output") else {
                throw .invalidInput("JSON output with a schema is {\"schema\": {...}}.", field: "output.schema")
            }
            return .jsonSchema(name: try object.string("name", within: "output") ?? "answer", schema: .object(schema))
        default: throw .invalidInput("output is text, json or {\"schema\": {...}}.", field: "output")
        }
    }
}
