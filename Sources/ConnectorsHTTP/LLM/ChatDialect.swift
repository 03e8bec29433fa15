import PlugboardCore

/// How one provider's chat API is written and read: the path under the base URL, the request body, and the answer.
/// Plain functions of values, tested without I/O; the driver does the HTTP.
protocol ChatDialect {
    /// The chat endpoint under the connector's base URL.
    static var chatPath: String { get }
    /// The request body for `request`, `extra` merged in last.
    static func body(_ request: ChatRequest) -> JSONValue
    /// The normalised answer from the provider's JSON; `upstream_error` when it is not the shape this dialect answers.
    static func response(_ json: JSONValue) throws(ConnectorError) -> ChatResponse
}

extension LLMProvider {
    var dialect: any ChatDialect.Type {
        switch self {
        case .openAICompatible: return OpenAIChatDialect.self
        case .anthropic: return AnthropicChatDialect.self
        case .ollama: return OllamaChatDialect.self
        }
    }
}

extension ChatDialect {
    /// `body` with the request's provider-specific members laid over it.
    static func merging(_ extra: JSONObject, into body: JSONObject) -> JSONValue {
        var merged = body
        for (key, value) in extra { merged[key] = value }
        return .object(merged)
    }

    static func malformed(_ provider: String, _ what: String) -> ConnectorError {
        ConnectorError(
            .upstreamError, message: "The \(provider) answer had no \(what).",
            cause: "The server at the base URL does not speak this provider's API, or changed it.",
            fix: "Check the connector's provider and base URL.")
    }
}
