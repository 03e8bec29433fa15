import PlugboardCore

/// The `mcp` connector's fields: which MCP server to reach, over which transport, and how.
public struct MCPConfiguration: HTTPConnectionConfiguration {
    /// How the node speaks to the server.
    public struct Transport: Sendable, Hashable, CustomStringConvertible {
        /// The option's value, `streamable-http` or `sse`.
        public let rawValue: String
        /// Streamable HTTP (MCP 2025-03-26 and later): every message is a POST to one URL.
        public static let streamableHTTP = Transport(rawValue: "streamable-http")
        /// The legacy HTTP+SSE transport (MCP 2024-11-05): a GET event stream and POSTs to the endpoint it names.
        public static let sse = Transport(rawValue: "sse")
        /// Every transport the node speaks, in the order forms list them.
        public static let all: [Transport] = [.streamableHTTP, .sse]
        /// The option's value.
        public var description: String { rawValue }
    }

    /// The server's MCP URL (Streamable HTTP) or its event stream URL (SSE).
    public var serverURL: String
    /// The transport to speak.
    public var transport: Transport
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection: HTTPConnectionOptions
    /// Concurrent calls through the connector's one session.
    public var maxConcurrency: Int

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = HTTPConnectionOptions.schema(
        [
            "serverUrl": Schema.string(
                title: "Server URL",
                description: "The MCP server's endpoint, such as https://mcp.example.com/mcp (Streamable HTTP) or https://mcp.example.com/sse (SSE).",
                format: "uri"),
            "transport": Schema.string(
                title: "Transport",
                description: "streamable-http for current servers (MCP 2025-03-26 and later); sse for servers that only speak the legacy HTTP+SSE transport.",
                default: "streamable-http", enum: Transport.all.map(\.rawValue)),
        ],
        trailing: [
            "maxConcurrency": Schema.integer(
                title: "Maximum concurrent calls", description: "Tool calls in flight at once through this connector.", default: 32,
                minimum: 1, maximum: 1024)
        ], required: ["serverUrl"], timeout: "How long one request to the server may take, tool calls included.", maxResponseBytesMinimum: 1024)

    /// Decodes validated options; refuses a URL that is not http(s) or carries a password, and secret headers.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let server = options.string("serverUrl") else { throw .invalidConfiguration("The server URL is required.", field: "serverUrl") }
        try HTTPConnectionOptions.checkURL(server, field: "serverUrl", what: "The server URL")
        self.serverURL = server
        let transport = options.string("transport") ?? Transport.streamableHTTP.rawValue
        guard let known = Transport.all.first(where: { $0.rawValue == transport }) else {
            throw .invalidConfiguration("The transport must be streamable-http or sse.", field: "transport")
        }
        self.transport = known
        connection = try HTTPConnectionOptions(options: options)
        self.maxConcurrency = options.integer("maxConcurrency") ?? 32
    }

    /// One shared session holds the MCP connection for every execution.
    public var pooling: PoolSettings { .shared(maxConcurrency, idleTimeout: .seconds(300)) }

    /// The transport options these fields ask for; MCP endpoints are not redirected.
    var clientOptions: HTTPClientOptions {
        connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: maxConcurrency + 1)
    }

    /// `host` or `host:port` of the server URL, for messages.
    var service: String { HTTPConnectionOptions.service(of: serverURL) }
}
