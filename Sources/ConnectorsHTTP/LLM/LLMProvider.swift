/// The three request dialects the `llm` node speaks. "OpenAI-compatible" covers OpenAI, Azure OpenAI (through its base
/// URL and `api-version`), vLLM, LM Studio, llama.cpp's server and OpenRouter.
public enum LLMProvider: String, Sendable, Hashable, CaseIterable {
    case openAICompatible = "openai"
    case anthropic
    case ollama
}
