import PlugboardCore

extension LLMDriver {
    static let chatAction = ConnectorAction<LLMSession>(
        ActionDescriptor(
                name: "chat", title: "Chat",
            description: """
                    Sends a conversation (system prompt, messages with text and image parts) to the model and returns its \
                    answer: message, toolCalls, finishReason, usage {inputTokens, outputTokens} and model, the same shape for \
                    every provider. Tools are JSON Schema functions the model may ask to call (toolChoice auto, none, required \
                    or {name}); the caller runs them and sends the results back as tool messages. output json or {schema} asks \
                    for JSON, returned parsed in 'json'. Provider-specific fields go in 'extra'. With Accept: \
                    text/event-stream the answer streams as it is written.
                    """,
                inputSchema: LLMSchemas.chatInput, outputSchema: LLMSchemas.chatOutput,
                annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: false))
    ) { session, input, context in
        let request = try ChatRequest(json: input.objectValue ?? [:], defaultModel: session.configuration.defaultModel)
        let response = try await session.chat(request, context: context)
        guard var output = response.json.objectValue else { return response.json }
        if request.output != .text { output["json"] = (try? JSONParser.parse(Array(response.text.utf8))) ?? .null }
        return .object(output)
    }.streaming()

    static let embedAction = ConnectorAction<LLMSession>(
        ActionDescriptor(
            name: "embed", title: "Embed texts",
            description: """
                Returns one embedding vector per input text, in order, with the model and the tokens read. OpenAI-compatible \
                and Ollama servers embed; Anthropic has no embeddings API and is refused.
                """,
            inputSchema: LLMSchemas.embedInput, outputSchema: LLMSchemas.embedOutput,
            annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true))
    ) { session, input, context in
        let object = input.objectValue ?? [:]
        let texts: [String] = switch object["input"] {
        case .string(let text)?: [text]
        case .array(let values)?: values.compactMap(\.stringValue)
        default: []
        }
        guard !texts.isEmpty else { throw ConnectorError.invalidInput("Give 'input': a text or a list of texts.", field: "input") }
        return try await session.embed(
            model: try session.model(try object.string("model")), texts: texts, extra: try object.object("extra") ?? [:], context: context)
    }

    static let listModelsAction = ConnectorAction<LLMSession>(
        name: "list_models", title: "List models",
        description: "The models the server offers, with their ids (what 'model' takes) and names.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: NoInput.self,
        outputSchema: LLMSchemas.modelsOutput
    ) { session, _, context in
        try await session.models(context: context)
    }
}

extension LLMDriver {
    static let agentAction = ConnectorAction<LLMSession>(
        name: "agent", title: "Run an agent",
        description: """
            Gives the model an instruction and the application's own tools (the connector actions and workflows it \
            exposes to agents, as MCP lists them), and runs its tool-calling loop: each call runs through Plugboard as \
            the caller, logged as an execution whose runId is this agent's execution id, and its output or error goes \
            back to the model. Ends when the model answers without calling a tool, after maxSteps turns, or once \
            tokenBudget is spent. Returns the answer, why it stopped, the usage, and the transcript of every turn and \
            tool call (outputs cut when large). Destructive tools are left out unless allowDestructive is set. With \
            Accept: text/event-stream the model's text and each tool result stream as they happen.
            """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: AgentInput.self,
        outputSchema: LLMSchemas.agentOutput
    ) { session, input, context in
        try await LLMAgent(session: session, input: input, context: context).run()
    }.streaming()
}
