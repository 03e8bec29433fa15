import PlugboardCore

/// The `llm` node: chat with OpenAI-compatible, Anthropic and Ollama servers in one normalised shape (streamed to
/// callers that ask), embeddings, the model list, and an agent that calls the application's own tools.
public struct LLMDriver: ConnectorDriver {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "llm", category: "AI", displayName: "LLM",
        description: """
            Chat with a large language model (OpenAI and every OpenAI-compatible server such as Azure OpenAI, vLLM, LM Studio, \
            llama.cpp and OpenRouter; Anthropic; Ollama) in one shape whatever the provider: messages with text and images, \
            tools, JSON output, usage. Answers stream as server-sent events to callers that ask. Also embeddings, the model \
            list, and an agent that works through the application's own connector actions and workflows. The API key comes \
            from the linked credential and is never shown.
            """,
        credentialKinds: [.apiKey, .bearerToken],
        credentialRequired: false)

    /// The driver; it holds no state.
    public init() {}

    /// `chat`, `embed`, `list_models` and `agent`.
    public var actions: [ConnectorAction<LLMSession>] { [Self.chatAction, Self.embedAction, Self.listModelsAction, Self.agentAction] }

    public func openSession(_ configuration: LLMConfiguration, context: SessionContext) async throws -> LLMSession {
        LLMSession(configuration: configuration, transport: try await context.network.makeHTTPClient(configuration.clientOptions))
    }

    /// Lists the models: proves the base URL speaks the provider's API and accepts the key, without spending tokens.
    public func test(_ session: LLMSession, context: CallContext) async throws -> JSONValue {
        let models = try await session.models(context: context)["models"]?.arrayValue ?? []
        return [
            "provider": .string(session.provider.rawValue), "baseUrl": .string(session.configuration.root),
            "models": .integer(Int64(models.count)),
        ]
    }
}
