import PlugboardCore

/// The `llm` connector's fields: which provider's API to speak, where, with which default model, and how long a
/// streamed answer may take to start and may pause.
public struct LLMConfiguration: HTTPConnectionConfiguration {
    /// The dialect; OpenAI-compatible servers (Azure OpenAI, vLLM, LM Studio, llama.cpp, OpenRouter) speak `openai`.
    public var provider = LLMProvider.openAICompatible
    /// The API's root; empty means the provider's public host.
    public var baseURL = ""
    /// The model a request names when its input names none.
    public var defaultModel = ""
    /// OpenAI's `OpenAI-Organization` header, for keys that belong to several organisations.
    public var organization = ""
    /// OpenAI's `OpenAI-Project` header.
    public var project = ""
    /// Azure OpenAI's `api-version` query parameter; when set, the key goes in Azure's `api-key` header.
    public var apiVersion = ""
    /// Anthropic's `anthropic-version` header.
    public var anthropicVersion = "2023-06-01"
    /// Time a streamed answer may take to send its first token, the request included.
    public var firstTokenTimeout: Duration = .seconds(60)
    /// Time a streamed answer may pause between two tokens.
    public var idleTimeout: Duration = .seconds(30)
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection = HTTPConnectionOptions()
    /// Retries after 429, 503 and overload answers, which say the request was not processed.
    public var retries = 2
    /// Concurrent requests through one session.
    public var maxConcurrency = 32

    /// The options at their defaults: a whole (not streamed) answer may take two minutes.
    public init() {
        connection.timeout = .seconds(120)
    }

    public static let fields = FieldList<Self> {
        Field(
            "provider", \.provider, title: "Provider",
            description: "openai for OpenAI and every OpenAI-compatible server (Azure OpenAI, vLLM, LM Studio, llama.cpp, OpenRouter); anthropic; ollama.")
        Field(
            "baseUrl", \.baseURL, title: "Base URL",
            description: "The API's root, such as https://api.openai.com/v1, http://localhost:8000/v1 (vLLM), https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT (Azure) or http://localhost:11434 (Ollama). Empty: the provider's public host.")
        Field(
            "defaultModel", \.defaultModel, title: "Default model",
            description: "The model used when an action names none, such as gpt-4o-mini, claude-sonnet-4-5 or llama3.2.")
        Field(
            "organization", \.organization, title: "Organization",
            description: "OpenAI only: sent as OpenAI-Organization, for keys that belong to several organizations.")
        Field("project", \.project, title: "Project", description: "OpenAI only: sent as OpenAI-Project.")
        Field(
            "apiVersion", \.apiVersion, title: "Azure API version",
            description: "Azure OpenAI only, such as 2024-10-21: sent as the api-version query parameter, and the key as the api-key header.")
        Field(
            "anthropicVersion", \.anthropicVersion, title: "Anthropic API version",
            description: "Anthropic only: the anthropic-version header.", minLength: 1)
        Field(
            "firstTokenTimeout", \.firstTokenTimeout, title: "First token timeout (seconds)",
            description: "How long a streamed answer may take to begin, the request included.", minimum: .milliseconds(100), maximum: .seconds(600))
        Field(
            "idleTimeout", \.idleTimeout, title: "Idle timeout (seconds)",
            description: "How long a streamed answer may pause between two pieces before it is abandoned.", minimum: .milliseconds(100), maximum: .seconds(600))
        FieldGroup(\.connection)
            .describing("timeout", as: "How long a whole (not streamed) answer, an embedding or the model list may take, connecting included.")
        Field(
            "retries", \.retries, title: "Retries",
            description: "Further attempts after a 429, a 503 or an overloaded answer (the provider did not process the request), waiting as it asks.",
            minimum: 0, maximum: 10)
        Field(
            "maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests",
            description: "Requests in flight at once through this connector.", minimum: 1, maximum: 1024)
    }

    /// Refuses a base URL that is not http(s) or carries a password.
    public func validate() throws(ConnectorError) {
        if !baseURL.isEmpty { try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The base URL") }
    }

    /// One shared session serves up to `maxConcurrency` requests at once.
    public var pooling: PoolSettings { .shared(maxConcurrency, idleTimeout: .seconds(300)) }

    /// The base URL asked for, or the provider's public one; without a trailing slash.
    var root: String {
        let url = baseURL.isEmpty ? provider.publicBaseURL : baseURL
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// `host` or `host:port` of the API, for messages.
    var service: String { HTTPConnectionOptions.service(of: root) }

    /// The transport options: no redirects (a POST must not change its target), a connection per concurrent request.
    var clientOptions: HTTPClientOptions {
        connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: maxConcurrency)
    }
}

extension LLMProvider: FieldChoice {
    /// The provider's own API host.
    var publicBaseURL: String {
        switch self {
        case .openAICompatible: return "https://api.openai.com/v1"
        case .anthropic: return "https://api.anthropic.com"
        case .ollama: return "http://localhost:11434"
        }
    }

    /// The provider's name in messages.
    var displayName: String {
        switch self {
        case .openAICompatible: return "OpenAI-compatible"
        case .anthropic: return "Anthropic"
        case .ollama: return "Ollama"
        }
    }
}
