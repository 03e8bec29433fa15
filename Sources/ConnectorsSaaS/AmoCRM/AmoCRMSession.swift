import ConnectorsHTTP
import PlugboardCore

/// One `amocrm` connector's session: the account's API v4 as an HTTP service (HAL+JSON), the token as a bearer
/// token, problem+json read, and lists paged by `page` under `_embedded` until amoCRM answers 204.
public struct AmoCRMSession: ConnectorSession {
    public let configuration: AmoCRMConfiguration
    let client: HTTPServiceClient

    init(configuration: AmoCRMConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.apiRoot), baseURL: configuration.apiRoot,
            defaultHeaders: configuration.headers + [("Accept", "application/hal+json")], attemptTimeout: configuration.connection.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .milliseconds(500), retriesUnprocessed: true),
            authenticate: HTTPAuthentication.bearerKey(service: "amoCRM", what: "an OAuth2 credential or a long-lived token"),
            failure: { response, redactor in AmoCRMFailure.error(response, redactor: redactor) })
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    /// A JSON request; an empty answer (204) is null.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(.json(method, path, query: query, body: body), emptyIsNull: true, context: context)
    }

    /// Every page of a list's `_embedded.<key>`, up to `limit`.
    func list(_ path: String, key: String, query: [(String, String)], limit: Int, context: CallContext) async throws(ConnectorError) -> [JSONValue] {
        let pageSize = min(limit, 250)
        let pagination = HTTPPagination(
            next: .pageNumber(parameter: "page", first: 1), items: JSONPath(steps: [.key("_embedded"), .key(key)]),
            maxPages: (limit + pageSize - 1) / pageSize, maxBytes: 64 << 20)
        let request = HTTPServiceRequest("GET", path, query: query + [("limit", String(pageSize))])
        return Array(try await client.pages(request, pagination, context: context).items.prefix(limit))
    }
}
