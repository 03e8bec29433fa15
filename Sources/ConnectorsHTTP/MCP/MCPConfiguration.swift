import PlugboardCore

/// The `mcp` connector's fields: which MCP server to reach, over which transport, and how.
public struct MCPConfiguration: HTTPConnectionConfiguration {
    /// How the node speaks to the server.
    public enum Transport: String, FieldChoice, CustomStringConvertible {
        /// Streamable HTTP (MCP 2025-03-26 and later): every message is a POST to one URL.
        case streamableHTTP = "streamable-http"
        /// The legacy HTTP+SSE transport (MCP 2024-11-05): a GET event stream and POSTs to the endpoint it names.
        case sse
        /// The option's value.
        public var description: String { rawValue }
    }

    /// The server's MCP URL (Streamable HTTP) or its event stream URL (SSE).
    public var serverURL = ""
    /// The transport to speak.
    public var transport = Transport.streamableHTTP
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection = HTTPConnectionOptions()
    /// Concurrent calls through the connector's one session.
    public var maxConcurrency = 32

    /// The options at their defaults.
    public init() {}

    /// The connection fields users fill in: the schema, the decoder and the defaults in one declaration.
    public static let fields = FieldList<Self> {
        Field(
            "serverUrl", \.serverURL, title: "Server URL",
            description: "The MCP server's endpoint, such as https://mcp.example.com/mcp (Streamable HTTP) or https://mcp.example.com/sse (SSE).",
            format: "uri", required: true)
        Field(
            "transport", \.transport, title: "Transport",
            description: "streamable-http for current servers (MCP 2025-03-26 and later); sse for servers that only speak the legacy HTTP+SSE transport.")
        FieldGroup(\.connection)
            .describing("timeout", as: "How long one request to the server may take, tool calls included.")
            .minimum("maxResponseBytes", 1024)
        Field(
            "maxConcurrency", \.maxConcurrency, title: "Maximum concurrent calls",
            description: "Tool calls in flight at once through this connector.", minimum: 1, maximum: 1024)
    }

    /// Refuses a URL that is not http(s) or carries a password.
    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(serverURL, field: "serverUrl", what: "The server URL")
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
