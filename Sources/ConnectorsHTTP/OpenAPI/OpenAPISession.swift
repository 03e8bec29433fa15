import PlugboardCore

/// One `openapi` connector's live session: the loaded document, the chosen server and the guarded HTTP transport.
///
/// The document is loaded (fetched and parsed) once when the session opens and shared by concurrent executions.
public struct OpenAPISession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: OpenAPIConfiguration
    let spec: OpenAPISpec
    /// The chosen server's URL without a trailing slash.
    let baseURL: String
    let transport: any HTTPTransport
    /// `host` or `host:port` of the server, for messages.
    let service: String

    init(configuration: OpenAPIConfiguration, spec: OpenAPISpec, baseURL: String, transport: any HTTPTransport) {
        self.configuration = configuration
        self.spec = spec
        self.baseURL = baseURL
        self.transport = transport
        self.service = HTTPConnectionOptions.service(of: baseURL)
    }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await transport.shutdown()
    }
}
