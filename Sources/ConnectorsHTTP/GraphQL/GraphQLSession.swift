import PlugboardCore

/// One `graphql` connector's live session: the configuration, the guarded HTTP transport, and the schema read
/// through introspection, kept for the session's life.
///
/// Shared by concurrent executions; the transport keeps connections to the endpoint open between them.
public struct GraphQLSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: GraphQLConfiguration
    /// The endpoint as an HTTP service: credential, deadlines, 401 refresh and failure statuses handled there.
    let client: HTTPServiceClient
    /// The compact schema, once introspected.
    let schemaCache = GraphQLSchemaCache()

    init(configuration: GraphQLConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let service = HTTPService(
            name: configuration.service, baseURL: configuration.endpoint, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.timeout)
        self.client = HTTPServiceClient(service: service, transport: transport)
    }

    /// `host` or `host:port` of the endpoint, for messages.
    var service: String { client.service.name }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await client.transport.shutdown()
    }

    /// POSTs one GraphQL request (`{query, variables?, operationName?}`) and reads the answer, whatever its status
    /// (GraphQL services explain failures in `errors[]`). Secrets are redacted by the call's redactor on the way out.
    func execute(_ payload: JSONValue, context: CallContext) async throws(ConnectorError) -> GraphQLResponse {
        var headers = [("Content-Type", "application/json")]
        if !HeaderList(configuration.headers).contains("Accept") {
            headers.append(("Accept", "application/graphql-response+json, application/json;q=0.9"))
        }
        let response = try await client.exchange(HTTPServiceRequest("POST", headers: headers, body: payload.jsonBytes()), context: context).response
        return try GraphQLResponse(response, service: service, redactor: context.redactor.redactor)
    }

    /// Runs `payload` and returns `{data, extensions?}`, or throws the error its `errors[]` amounts to.
    func run(_ payload: JSONValue, context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await execute(payload, context: context).result(service: service, redactor: context.redactor.redactor)
    }
}
