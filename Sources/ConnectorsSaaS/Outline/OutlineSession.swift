import ConnectorsHTTP
import PlugboardCore

/// One `outline` connector's session: the API as an HTTP service where every method is `POST /api/<method>` with a
/// JSON body, the key as a bearer token, Outline's envelope read for every answer, and lists paged by `offset`.
public struct OutlineSession: ConnectorSession {
    public let configuration: OutlineConfiguration
    let client: HTTPServiceClient

    init(configuration: OutlineConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.apiRoot), baseURL: configuration.apiRoot, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.connection.timeout,
            // A 429 means the request was not carried out, so even a create may be sent again.
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            authenticate: HTTPAuthentication.bearerKey(service: "Outline", what: "an API key"),
            failure: { response, redactor in OutlineFailure.error(response, redactor: redactor) })
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    /// Calls `method` with `parameters` and returns the answer's `data`.
    func call(_ method: String, _ parameters: JSONObject, context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(request(method, parameters), context: context)["data"] ?? .null
    }

    /// Every page of a list method, `offset` advanced in the body, up to `limit` items.
    func list(_ method: String, _ parameters: JSONObject, limit: Int, context: CallContext) async throws(ConnectorError) -> [JSONValue] {
        var parameters = parameters
        let pageSize = min(limit, 100)
        parameters["limit"] = .integer(Int64(pageSize))
        var pagination = HTTPPagination(
            next: .offset(parameter: "offset", first: 0), items: JSONPath(steps: [.key("data")]), maxPages: (limit + pageSize - 1) / pageSize, maxBytes: 64 << 20)
        pagination.parameterPlace = .jsonBody(under: [])
        return Array(try await client.pages(request(method, parameters), pagination, context: context).items.prefix(limit))
    }

    private func request(_ method: String, _ parameters: JSONObject) -> HTTPServiceRequest {
        HTTPServiceRequest("POST", "/\(method)", headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: JSONValue.object(parameters).jsonBytes())
    }
}
