import PlugboardCore

/// Embeddings and the model list in each dialect: the path, the request body, and the answer read into one shape.
enum LLMCatalogDialects {
    /// The embeddings endpoint; Anthropic has none, and says so in a way a user can act on.
    static func embeddingsPath(_ provider: LLMProvider) throws(ConnectorError) -> String {
        switch provider {
        case .openAICompatible: return "/embeddings"
        case .ollama: return "/api/embed"
        case .anthropic:
            throw ConnectorError(
                .invalidInput, message: "Anthropic offers no embeddings API.",
                cause: "The connector's provider is Anthropic, whose API has chat only.",
                fix: "Use an OpenAI-compatible or Ollama connector for embed (Anthropic suggests Voyage AI, which is OpenAI-compatible).")
        }
    }

    /// `{model, input: [texts]}`, the same in both dialects that embed.
    static func embeddingsBody(model: String, texts: [String], extra: JSONObject) -> JSONValue {
        var body: JSONObject = ["model": .string(model), "input": .array(texts.map(JSONValue.string))]
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }

    /// `{model, embeddings: [[numbers]], usage: {inputTokens}}` from OpenAI's `data[].embedding` or Ollama's `embeddings`.
    static func embeddings(_ json: JSONValue, provider: LLMProvider) throws(ConnectorError) -> JSONValue {
        let vectors: [JSONValue]
        var inputTokens: Int64 = 0
        switch provider {
        case .openAICompatible:
            guard let data = json["data"]?.arrayValue else { throw missing("OpenAI-compatible", "data") }
            // Sorted by index: the order of the inputs, whatever order the server listed them in.
            vectors = data.sorted { ($0["index"]?.integerValue ?? 0) < ($1["index"]?.integerValue ?? 0) }.map { $0["embedding"] ?? .null }
            inputTokens = json["usage"]?["prompt_tokens"]?.integerValue ?? 0
        case .ollama:
            guard let data = json["embeddings"]?.arrayValue else { throw missing("Ollama", "embeddings") }
            vectors = data
            inputTokens = json["prompt_eval_count"]?.integerValue ?? 0
        case .anthropic:
            _ = try embeddingsPath(provider)
            vectors = []
        }
        return [
            "model": json["model"] ?? .null, "embeddings": .array(vectors),
            "dimensions": .integer(Int64(vectors.first?.arrayValue?.count ?? 0)), "usage": ["inputTokens": .integer(inputTokens)],
        ]
    }

    /// The model list endpoint.
    static func modelsPath(_ provider: LLMProvider) -> String {
        switch provider {
        case .openAICompatible: return "/models"
        case .anthropic: return "/v1/models"
        case .ollama: return "/api/tags"
        }
    }

    /// `{models: [{id, name, createdAt?}]}` from each dialect's list.
    static func models(_ json: JSONValue, provider: LLMProvider) throws(ConnectorError) -> JSONValue {
        let entries: [JSONValue]
        switch provider {
        case .openAICompatible:
            guard let data = json["data"]?.arrayValue else { throw missing("OpenAI-compatible", "data") }
            entries = data.map { ["id": $0["id"] ?? .null, "name": $0["id"] ?? .null, "ownedBy": $0["owned_by"] ?? .null] }
        case .anthropic:
            guard let data = json["data"]?.arrayValue else { throw missing("Anthropic", "data") }
            entries = data.map { ["id": $0["id"] ?? .null, "name": $0["display_name"] ?? $0["id"] ?? .null, "createdAt": $0["created_at"] ?? .null] }
        case .ollama:
            guard let data = json["models"]?.arrayValue else { throw missing("Ollama", "models") }
            entries = data.map { ["id": $0["model"] ?? $0["name"] ?? .null, "name": $0["name"] ?? .null, "modifiedAt": $0["modified_at"] ?? .null] }
        }
        return ["models": .array(entries)]
    }

    private static func missing(_ provider: String, _ what: String) -> ConnectorError {
        OpenAIChatDialect.malformed(provider, what)
    }
}
