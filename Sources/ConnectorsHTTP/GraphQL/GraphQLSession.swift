import PlugboardCore

/// One `graphql` connector's live session: the configuration, the guarded HTTP transport, and the schema read
/// through introspection, kept for the session's life.
///
/// Shared by concurrent executions; the transport keeps connections to the endpoint open between them.
public struct GraphQLSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: GraphQLConfiguration
    let transport: any HTTPTransport
    /// `host` or `host:port` of the endpoint, for messages.
    let service: String
    /// The compact schema, once introspected.
    let schemaCache = GraphQLSchemaCache()

    init(configuration: GraphQLConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
        self.service = configuration.service
    }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await transport.shutdown()
    }

    /// POSTs one GraphQL request (`{query, variables?, operationName?}`) and reads the answer.
    ///
    /// The credential is applied to the request; after a 401 an OAuth2 credential is refreshed and the request sent
    /// once more. Returns the parsed answer and a redactor for every secret sent.
    func execute(_ payload: JSONValue, context: DriverContext) async throws(ConnectorError) -> (GraphQLResponse, Redactor) {
        let authentication = try HTTPAuthentication(credential: context.credential)
        var redactor = authentication.redactor
        var response = try await send(payload, authentication: authentication, redactor: redactor, context: context)
        if response.status == 401, context.credential?.kind == .oauth2, let refreshed = try await refreshedCredential(context, redactor) {
            let renewed = try HTTPAuthentication(credential: refreshed)
            redactor = Redactor(secrets: authentication.secrets + renewed.secrets)
            response = try await send(payload, authentication: renewed, redactor: redactor, context: context)
        }
        return (try GraphQLResponse(response, service: service, redactor: redactor), redactor)
    }

    /// Runs `payload` and returns `{data, extensions?}`, or throws the error its `errors[]` amounts to, redacted.
    func run(_ payload: JSONValue, context: DriverContext) async throws(ConnectorError) -> JSONValue {
        let (response, redactor) = try await execute(payload, context: context)
        let output = try response.result(service: service, redactor: redactor)
        return redactor.isEmpty ? output : redactor.redact(output)
    }

    private func send(
        _ payload: JSONValue, authentication: HTTPAuthentication, redactor: Redactor, context: DriverContext
    ) async throws(ConnectorError) -> HTTPResponseMessage {
        var headers = HeaderList(configuration.headers)
        headers.set(contentsOf: authentication.headers)
        headers.set("Content-Type", "application/json")
        if !headers.contains("Accept") { headers.set("Accept", "application/graphql-response+json, application/json;q=0.9") }
        if !headers.contains("User-Agent") { headers.set("User-Agent", "Plugboard") }
        var request = HTTPRequestMessage(
            method: "POST", url: url(adding: authentication.query), headers: headers.fields, body: payload.jsonBytes())
        request.credentialHeaders = authentication.credentialHeaders
        let deadline = min(context.deadline, .now + configuration.timeout)
        do {
            return try await transport.send(request, deadline: deadline)
        } catch let error as ConnectorError {
            throw redactor.redact(error)
        } catch {
            throw Task.isCancelled
                ? ConnectorError(.cancelled, message: "The request to \(service) was cancelled.")
                : ConnectorError(.upstreamError, message: "The request to \(service) failed.")
        }
    }

    /// A fresh OAuth2 credential after a 401, or nil when it cannot be refreshed.
    private func refreshedCredential(_ context: DriverContext, _ redactor: Redactor) async throws(ConnectorError) -> Credential? {
        do {
            return try await context.refreshCredential()
        } catch let error as ConnectorError {
            throw redactor.redact(error)
        } catch {
            throw ConnectorError(
                .authenticationFailed, message: "\(service) refused the OAuth2 access token, and it could not be refreshed.",
                fix: "Authorize the OAuth2 credential again.")
        }
    }

    /// The endpoint with an API key placed in the query appended, when the credential asks for that.
    private func url(adding query: [(String, String)]) -> String {
        guard !query.isEmpty else { return configuration.endpoint }
        return configuration.endpoint + (configuration.endpoint.contains("?") ? "&" : "?") + PercentEncoding.query(query)
    }
}
