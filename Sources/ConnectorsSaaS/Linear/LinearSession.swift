import ConnectorsHTTP
import PlugboardCore

/// One `linear` connector's session: Linear's GraphQL endpoint as an HTTP service, a personal key as
/// `Authorization: <key>` (OAuth2 tokens as Bearer), every answer's `errors` read, and connections paged the Relay
/// way (`first`, `after`, `pageInfo`).
public struct LinearSession: ConnectorSession {
    public let configuration: LinearConfiguration
    let client: HTTPServiceClient

    init(configuration: LinearConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.root), baseURL: configuration.root, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.connection.timeout, authenticate: Self.authenticate,
            failure: { response, redactor in LinearFailure.error(response, redactor: redactor) })
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    static let authenticate: HTTPCallAuthentication.Authenticate = { credential throws(ConnectorError) in
        guard let credential else {
            throw ConnectorError(.authenticationFailed, message: "A Linear connector needs an API key or an OAuth2 credential.", fix: "Link one to the connector.")
        }
        guard credential.kind == .apiKey else { return try HTTPAuthentication(credential: credential) }
        let key = try HTTPAuthentication.keyOrToken(of: credential, what: "the API key")
        return .header("Authorization", key, secret: key)
    }

    /// Runs a query or mutation and returns its `data`.
    func run(_ query: String, _ variables: JSONObject = [:], context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(request(query, variables), context: context)["data"] ?? .null
    }

    /// Every node of the connection at `data.<path>`, following `pageInfo.endCursor` in `$after`, up to `limit`.
    func nodes(_ query: String, _ variables: JSONObject, at path: [String], limit: Int, context: CallContext) async throws(ConnectorError) -> [JSONValue] {
        var variables = variables
        let pageSize = min(limit, 100)
        variables["first"] = .integer(Int64(pageSize))
        let connection = [JSONPath.Step.key("data")] + path.map { .key($0) }
        var pagination = HTTPPagination(
            next: .cursor(path: JSONPath(steps: connection + [.key("pageInfo"), .key("endCursor")]), parameter: "after"),
            items: JSONPath(steps: connection + [.key("nodes")]), maxPages: (limit + pageSize - 1) / pageSize, maxBytes: 32 << 20)
        pagination.parameterPlace = .jsonBody(under: ["variables"])
        return Array(try await client.pages(request(query, variables), pagination, context: context).items.prefix(limit))
    }

    private func request(_ query: String, _ variables: JSONObject) -> HTTPServiceRequest {
        HTTPServiceRequest(
            "POST", "/graphql", headers: [("Content-Type", "application/json")],
            body: JSONValue.object(["query": .string(query), "variables": .object(variables)]).jsonBytes())
    }
}
