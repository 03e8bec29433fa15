import PlugboardCore

/// One chat request in the node's own shape, the same whichever provider answers it; each dialect writes it out.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var system: String?
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var maxTokens: Int?
    public var stop: [String]
    public var tools: [ChatTool]
    public var toolChoice: ToolChoice
    public var output: OutputFormat
    /// Provider-specific members, merged into the request body as they are.
    public var extra: JSONObject
    public var stream: Bool

    /// How the model may use the tools.
    public enum ToolChoice: Sendable, Hashable {
        case auto, none, required
        case function(String)
    }

    /// What the model answers with.
    public enum OutputFormat: Sendable, Hashable {
        case text
        /// Any JSON object.
        case json
        /// JSON matching this schema, named for the providers that want a name.
        case jsonSchema(name: String, schema: JSONValue)
    }

    public init(
        model: String, system: String? = nil, messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil,
        stop: [String] = [], tools: [ChatTool] = [], toolChoice: ToolChoice = .auto, output: OutputFormat = .text,
        extra: JSONObject = [:], stream: Bool = false
    ) {
        self.model = model
        self.system = system
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stop = stop
        self.tools = tools
        self.toolChoice = toolChoice
        self.output = output
        self.extra = extra
        self.stream = stream
    }
}

/// One message of a conversation.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case user, assistant, tool
    }

    /// A piece of a message's content.
    public enum Part: Sendable, Hashable {
        case text(String)
        /// An image by URL, or inline as base64 with its media type.
        case imageURL(String)
        case imageData(base64: String, mediaType: String)
    }

    public var role: Role
    public var content: [Part]
    /// The tools an assistant message asked for.
    public var toolCalls: [ToolCall]
    /// For a `tool` message: the call it answers, and the tool's name (Ollama matches results by name).
    public var toolCallID: String?
    public var toolName: String?
    /// For a `tool` message: whether the tool failed.
    public var isError: Bool

    public init(
        role: Role, content: [Part], toolCalls: [ToolCall] = [], toolCallID: String? = nil, toolName: String? = nil, isError: Bool = false
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.toolName = toolName
        self.isError = isError
    }

    /// The message's text parts joined.
    public var text: String {
        content.compactMap { part in
            if case .text(let text) = part { return text }
            return nil
        }.joined()
    }
}

/// A function the model may call.
public struct ChatTool: Sendable, Hashable {
    public var name: String
    public var description: String
    /// The arguments as a JSON Schema object.
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// A call the model asked for.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The arguments as JSON (an object when the model wrote valid JSON; the raw text as a string otherwise).
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments as JSON text, as OpenAI-style requests carry them.
    var argumentsText: String {
        if case .string(let text) = arguments { return text }
        return arguments.jsonString()
    }

    /// Arguments read from JSON text; text that is not JSON stays a string, so nothing the model wrote is lost.
    static func parseArguments(_ text: String) -> JSONValue {
        guard !text.isEmpty else { return .object([:]) }
        return (try? JSONParser.parse(text)) ?? .string(text)
    }
}
