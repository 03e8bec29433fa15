import PlugboardCore

/// One chat answer in the node's own shape, whichever provider gave it.
public struct ChatResponse: Sendable, Hashable {
    /// The assistant's text (for JSON output, the JSON text).
    public var text: String
    public var toolCalls: [ToolCall]
    public var finishReason: FinishReason
    public var usage: TokenUsage
    /// The model that answered, as the provider names it.
    public var model: String

    public init(text: String, toolCalls: [ToolCall] = [], finishReason: FinishReason, usage: TokenUsage, model: String) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }

    /// Why the model stopped, normalised; `other` keeps a provider's own reason.
    public enum FinishReason: Sendable, Hashable {
        case stop, length, toolCalls, contentFilter
        case other(String)

        public var name: String {
            switch self {
            case .stop: return "stop"
            case .length: return "length"
            case .toolCalls: return "tool_calls"
            case .contentFilter: return "content_filter"
            case .other(let reason): return reason
            }
        }
    }

    /// The answer as the `chat` action returns it: `{message, toolCalls, finishReason, usage, model}`.
    public var json: JSONValue {
        [
            "message": ["role": "assistant", "content": .string(text)],
            "toolCalls": .array(toolCalls.map { ["id": .string($0.id), "name": .string($0.name), "arguments": $0.arguments] }),
            "finishReason": .string(finishReason.name),
            "usage": usage.json,
            "model": .string(model),
        ]
    }
}
