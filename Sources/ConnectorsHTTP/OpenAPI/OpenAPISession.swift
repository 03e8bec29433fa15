import PlugboardCore

/// One `openapi` connector's live session: the loaded document, the chosen server and the guarded HTTP transport.
///
/// The document is loaded (fetched and parsed) once when the session opens and shared by concurrent executions.
public struct OpenAPISession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: OpenAPIConfiguration
    let spec: OpenAPISpec
    /// The chosen server as an HTTP service: its URL, the default headers, the retry policy and timeout.
    let client: HTTPServiceClient

    init(configuration: OpenAPIConfiguration, spec: OpenAPISpec, baseURL: String, transport: any HTTPTransport) {
        self.configuration = configuration
        self.spec = spec
        client = HTTPServiceClient(
            service: HTTPService(
                name: HTTPConnectionOptions.service(of: baseURL), baseURL: baseURL, defaultHeaders: configuration.headers,
                attemptTimeout: configuration.timeout, retryPolicy: configuration.retryPolicy),
            transport: transport)
    }

    /// The chosen server's URL without a trailing slash.
    var baseURL: String { client.service.baseURL }
    /// `host` or `host:port` of the server, for messages.
    var service: String { client.service.name }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await client.transport.shutdown()
    }
}
