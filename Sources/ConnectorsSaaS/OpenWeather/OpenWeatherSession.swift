import ConnectorsHTTP
import PlugboardCore

/// One `openweather` connector's session: the API as an HTTP service, the key as `appid` in every query.
public struct OpenWeatherSession: ConnectorSession {
    public let configuration: OpenWeatherConfiguration
    let client: HTTPServiceClient

    init(configuration: OpenWeatherConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.root), baseURL: configuration.root, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.connection.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1)),
            authenticate: Self.authenticate,
            failure: { response, redactor in OpenWeatherFailure.error(response, redactor: redactor) })
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    static let authenticate: HTTPCallAuthentication.Authenticate = { credential throws(ConnectorError) in
        guard let credential else {
            throw ConnectorError(.authenticationFailed, message: "An OpenWeather connector needs the API key as its credential.", fix: "Link an API key credential.")
        }
        let key = try HTTPAuthentication.keyOrToken(of: credential, what: "the API key")
        var authentication = HTTPAuthentication()
        authentication.query = [("appid", key)]
        authentication.secrets = [key, PercentEncoding.queryComponent(key)]
        return authentication
    }

    /// GET `path` with `query`; weather answers (`localized`) also get the units and language, unless the query says them.
    func get(_ path: String, _ query: [(String, String)], localized: Bool = true, context: CallContext) async throws(ConnectorError) -> JSONValue {
        var query = query
        if localized, !query.contains(where: { $0.0 == "units" }) { query.append(("units", configuration.units.rawValue)) }
        if localized, !query.contains(where: { $0.0 == "lang" }) { query.append(("lang", configuration.language)) }
        return try await client.sendJSON(HTTPServiceRequest("GET", path, query: query), context: context)
    }
}
