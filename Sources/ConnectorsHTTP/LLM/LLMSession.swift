import PlugboardCore

/// One `llm` connector's live session: the provider's API as an HTTP service (its key applied its way, its errors
/// read its way), shared by concurrent executions.
public struct LLMSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: LLMConfiguration
    /// Whole answers, embeddings and model lists: bounded by the connector's timeout, retried after 429 and 503.
    let client: HTTPServiceClient
    /// Streamed answers, bounded by the call's deadline alone: the watchdog times the first token and the pauses.
    let streamingClient: HTTPServiceClient

    init(configuration: LLMConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let provider = configuration.provider
        let name = configuration.service
        var service = HTTPService(
            name: name, baseURL: configuration.root, defaultHeaders: configuration.headers + Self.providerHeaders(configuration),
            attemptTimeout: configuration.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            authenticate: Self.authenticate(configuration),
            failure: { response, redactor in
                guard response.status >= 400 else { return nil }
                return redactor.redact(
                    LLMFailure.error(status: response.status, headers: response.headers, body: response.body, provider: provider, service: name))
            })
        client = HTTPServiceClient(service: service, transport: transport)
        // No call lasts an hour (ten minutes at most): the call deadline is the bound that applies.
        service.attemptTimeout = .seconds(3600)
        streamingClient = HTTPServiceClient(service: service, transport: transport)
    }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await client.transport.shutdown()
    }

    var provider: LLMProvider { configuration.provider }
    var service: String { client.service.name }

    /// Sends one chat request and returns the whole answer; its tokens are counted on the call's meter. A caller that
    /// streams gets the answer's pieces as they arrive.
    func chat(_ request: ChatRequest, context: CallContext) async throws(ConnectorError) -> ChatResponse {
        let response = context.streams ? try await streamedChat(request, context: context) : try await wholeChat(request, context: context)
        context.usage.record(response.usage)
        return response
    }

    private func wholeChat(_ request: ChatRequest, context: CallContext) async throws(ConnectorError) -> ChatResponse {
        var request = request
        request.stream = false
        let json = try await client.sendJSON(post(provider.dialect.chatPath, request: request), context: context)
        return try provider.dialect.response(json)
    }

    /// Streams the answer: each delta goes to the caller as it is read; the pieces must begin within the first-token
    /// timeout and never pause longer than the idle timeout.
    private func streamedChat(_ request: ChatRequest, context: CallContext) async throws(ConnectorError) -> ChatResponse {
        var request = request
        request.stream = true
        let watchdog = StreamWatchdog(
            firstPiece: .now + configuration.firstTokenTimeout, idle: configuration.idleTimeout, limit: context.deadline)
        let message = post(provider.dialect.chatPath, request: request)
        let (provider, service, configuration, session) = (provider, service, configuration, self)
        do {
            return try await watchdog.run(expired: { Self.expired($0, configuration: configuration) }) { progress in
                let stream = try await session.openStream(message, context: context)
                var reader = ChatStreamReader(provider: provider, service: service)
                for try await part in stream.body {
                    let deltas = try reader.feed(part)
                    if !deltas.isEmpty { progress.arrived() }
                    for delta in deltas { await context.emit(delta.json) }
                    if reader.finished { break }
                }
                guard reader.finished else {
                    throw ConnectorError(
                        .upstreamError, message: "\(service) ended the stream before the answer was complete.",
                        cause: "The connection closed, or the server stopped, in the middle of the answer.", fix: "Retry the request.")
                }
                return reader.response
            }
        } catch {
            throw Self.connectorError(error, service: service)
        }
    }

    /// The stream's head, tried again (as whole answers are) after a refusal that says the provider did not start on
    /// it: a 429 or an overload, waiting as it asks. Nothing has reached the caller yet, and a chat changes nothing.
    private func openStream(_ message: HTTPServiceRequest, context: CallContext) async throws(ConnectorError) -> HTTPStreamingResponse {
        let policy = client.service.retryPolicy
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await streamingClient.openStream(message, context: context)
            } catch {
                guard attempt <= policy.retries, error.retryable, error.code == .rateLimited || error.code == .upstreamError,
                    try await policy.wait(before: attempt, retryAfter: error.retryAfter, until: context.deadline, service: service)
                else { throw error }
            }
        }
    }

    /// `{model, embeddings, dimensions, usage}` for `texts`.
    func embed(model: String, texts: [String], extra: JSONObject, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let path = try LLMCatalogDialects.embeddingsPath(provider)
        let body = LLMCatalogDialects.embeddingsBody(model: model, texts: texts, extra: extra)
        let json = try await client.sendJSON(HTTPServiceRequest("POST", path, headers: [("Content-Type", "application/json")], body: body.jsonBytes()), context: context)
        let output = try LLMCatalogDialects.embeddings(json, provider: provider)
        context.usage.record(TokenUsage(inputTokens: Int(output["usage"]?["inputTokens"]?.integerValue ?? 0), outputTokens: 0))
        return output
    }

    /// `{models: [{id, name, …}]}`.
    func models(context: CallContext) async throws(ConnectorError) -> JSONValue {
        let json = try await client.sendJSON(HTTPServiceRequest("GET", LLMCatalogDialects.modelsPath(provider)), context: context)
        return try LLMCatalogDialects.models(json, provider: provider)
    }

    /// The model `name`, or the connector's default; neither is `invalid_input`.
    func model(_ name: String?) throws(ConnectorError) -> String {
        if let name, !name.isEmpty { return name }
        guard !configuration.defaultModel.isEmpty else {
            throw .invalidInput("Name a model: the connector has no default model.", field: "model")
        }
        return configuration.defaultModel
    }

    private func post(_ path: String, request: ChatRequest) -> HTTPServiceRequest {
        let accept = request.stream ? (provider == .ollama ? "application/x-ndjson" : "text/event-stream") : "application/json"
        return HTTPServiceRequest(
            "POST", path, headers: [("Content-Type", "application/json"), ("Accept", accept)], body: provider.dialect.body(request).jsonBytes())
    }

    // MARK: The provider's conventions

    /// Organization and project for OpenAI, the API version for Anthropic.
    static func providerHeaders(_ configuration: LLMConfiguration) -> [(String, String)] {
        switch configuration.provider {
        case .openAICompatible:
            var headers: [(String, String)] = []
            if !configuration.organization.isEmpty { headers.append(("OpenAI-Organization", configuration.organization)) }
            if !configuration.project.isEmpty { headers.append(("OpenAI-Project", configuration.project)) }
            return headers
        case .anthropic:
            return [("anthropic-version", configuration.anthropicVersion)]
        case .ollama:
            return []
        }
    }

    /// The key where the provider wants it: `Authorization: Bearer` (OpenAI, Ollama behind a proxy), Azure's `api-key`
    /// with the `api-version` parameter, Anthropic's `x-api-key`. An API key or bearer token credential gives the key.
    static func authenticate(_ configuration: LLMConfiguration) -> HTTPCallAuthentication.Authenticate {
        let provider = configuration.provider
        let apiVersion = configuration.apiVersion
        return { credential throws(ConnectorError) in
            let query = apiVersion.isEmpty ? [] : [("api-version", apiVersion)]
            guard let credential else {
                var anonymous = HTTPAuthentication()
                anonymous.query = query
                return anonymous
            }
            let key = try HTTPAuthentication.keyOrToken(of: credential, what: "the API key")
            var authentication = switch provider {
            case .anthropic: HTTPAuthentication.header("x-api-key", key, secret: key)
            case .openAICompatible where !apiVersion.isEmpty: HTTPAuthentication.header("api-key", key, secret: key)
            case .openAICompatible, .ollama: HTTPAuthentication.header("Authorization", "Bearer \(key)", secret: key)
            }
            authentication.query = query
            return authentication
        }
    }

    static func expired(_ expiry: StreamWatchdog.Expiry, configuration: LLMConfiguration) -> ConnectorError {
        switch expiry {
        case .noFirstPiece:
            return ConnectorError(
                .timedOut, message: "\(configuration.service) sent no token within the first-token timeout (\(configuration.firstTokenTimeout.secondsText)).",
                cause: "The model is loading, the server is busy, or the prompt is long.",
                fix: "Retry, or raise the connector's firstTokenTimeout.")
        case .idle:
            return ConnectorError(
                .timedOut, message: "\(configuration.service)'s answer paused longer than the idle timeout (\(configuration.idleTimeout.secondsText)).",
                cause: "The server stalled in the middle of the answer.", fix: "Retry, or raise the connector's idleTimeout.")
        case .callDeadline:
            return ConnectorError(.timedOut, message: "The answer from \(configuration.service) did not finish before the call's deadline.")
        }
    }

    private static func connectorError(_ error: any Error, service: String) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        if error is CancellationError { return ConnectorError(.cancelled, message: "The call was cancelled while \(service) answered.") }
        return ConnectorError(.upstreamError, message: "The stream from \(service) broke off.", fix: "Retry the request.")
    }
}
