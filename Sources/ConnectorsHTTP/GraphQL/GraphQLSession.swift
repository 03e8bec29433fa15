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
    func execute(_ payload: JSONValue, context: CallContext) async throws(ConnectorError) -> (GraphQLResponse, Redactor) {
        var credential = try HTTPCallAuthentication(context: context)
        var response = try await send(payload, credential, context: context)
        if try await credential.refresh(after: response.status, context: context, service: service) {
            response = try await send(payload, credential, context: context)
        }
        return (try GraphQLResponse(response, service: service, redactor: credential.redactor), credential.redactor)
    }

    /// Runs `payload` and returns `{data, extensions?}`, or throws the error its `errors[]` amounts to, redacted.
    func run(_ payload: JSONValue, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let (response, redactor) = try await execute(payload, context: context)
        let output = try response.result(service: service, redactor: redactor)
        return redactor.isEmpty ? output : redactor.redact(output)
    }

    private func send(
        _ payload: JSONValue, _ credential: HTTPCallAuthentication, context: CallContext
    ) async throws(ConnectorError) -> HTTPResponseMessage {
        let authentication = credential.authentication
        var headers = HeaderList(configuration.headers)
        headers.set(contentsOf: authentication.headers)
        headers.set("Content-Type", "application/json")
        if !headers.contains("Accept") { headers.set("Accept", "application/graphql-response+json, application/json;q=0.9") }
        headers.setDefaultUserAgent()
        var request = HTTPRequestMessage(
            method: "POST", url: authentication.url(appendingQueryTo: configuration.endpoint), headers: headers.fields, body: payload.jsonBytes())
        request.credentialHeaders = authentication.credentialHeaders
        let deadline = min(context.deadline, .now + configuration.timeout)
        do {
            return try await transport.send(request, deadline: deadline)
        } catch let error as ConnectorError {
            throw credential.redactor.redact(error)
        } catch {
            throw Task.isCancelled
                ? ConnectorError(.cancelled, message: "The request to \(service) was cancelled.")
                : ConnectorError(.upstreamError, message: "The request to \(service) failed.")
        }
    }
}
