import ConnectorsHTTP
import PlugboardCore

/// One `bitrix24` connector's session: the portal's REST API as an HTTP service, methods called as
/// `POST /rest/<user>/<secret>/<method>.json` (an inbound webhook) or `POST /rest/<method>.json?auth=<token>` (OAuth2),
/// Bitrix24's error envelope read, lists paged by `start` in pages of 50.
public struct Bitrix24Session: ConnectorSession {
    public let configuration: Bitrix24Configuration
    let client: HTTPServiceClient

    init(configuration: Bitrix24Configuration, transport: any HTTPTransport) {
        self.configuration = configuration
        let userID = configuration.userID
        var service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.root), baseURL: configuration.root, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.connection.timeout,
            // QUERY_LIMIT_EXCEEDED (503) and 429 mean the call was not carried out.
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            failure: { response, redactor in Bitrix24Failure.error(response, redactor: redactor) })
        service.authenticate = { credential throws(ConnectorError) in
            guard let credential else {
                throw ConnectorError(.authenticationFailed, message: "A Bitrix24 connector needs the inbound webhook's secret or an OAuth2 credential.", fix: "Link one.")
            }
            if credential.kind == .oauth2 {
                guard let token = credential["accessToken"], !token.isEmpty else {
                    throw ConnectorError(.authenticationFailed, message: "The OAuth2 credential has no access token yet.", fix: "Authorize it.")
                }
                var authentication = HTTPAuthentication()
                authentication.pathPrefix = "/rest"
                authentication.query = [("auth", token)]
                authentication.secrets = [token]
                return authentication
            }
            let secret = try HTTPAuthentication.keyOrToken(of: credential, what: "the webhook's secret")
            guard !secret.contains("/") else {
                throw ConnectorError(.authenticationFailed, message: "The webhook's secret has no '/'; put only the last part of /rest/<user>/<secret>/ in the credential.")
            }
            var authentication = HTTPAuthentication()
            authentication.pathPrefix = "/rest/\(userID)/\(secret)"
            authentication.secrets = [secret]
            return authentication
        }
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    /// Calls `method` with `parameters` and returns the whole answer (`result`, and `next`, `total` for lists).
    func call(_ method: String, _ parameters: JSONObject, context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(request(method, parameters), context: context)
    }

    /// Every page of a list method's `result`, `start` advanced in the body, up to `limit`.
    func list(_ method: String, _ parameters: JSONObject, limit: Int, context: CallContext) async throws(ConnectorError) -> [JSONValue] {
        var pagination = HTTPPagination(
            next: .offset(parameter: "start", first: 0), items: JSONPath(steps: [.key("result")]), maxPages: (limit + 49) / 50, maxBytes: 64 << 20)
        pagination.parameterPlace = .jsonBody(under: [])
        return Array(try await client.pages(request(method, parameters), pagination, context: context).items.prefix(limit))
    }

    private func request(_ method: String, _ parameters: JSONObject) -> HTTPServiceRequest {
        HTTPServiceRequest("POST", "/\(method).json", headers: [("Content-Type", "application/json")], body: JSONValue.object(parameters).jsonBytes())
    }
}
