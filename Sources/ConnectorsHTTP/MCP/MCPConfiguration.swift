import Foundation
import PlugboardCore

/// The `mcp` connector's fields: which MCP server to reach, over which transport, and how.
public struct MCPConfiguration: ConnectorConfiguration {
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
    /// Headers sent with every request; secret ones belong in a credential.
    public var headers: [(String, String)]
    /// Verify the server certificate; off only for development servers.
    public var verifyTLS: Bool
    /// Time one request may take, and how long a call waits for the server's answer.
    public var timeout: Duration
    /// Largest message accepted from the server.
    public var maxResponseBytes: Int
    /// Concurrent calls through the connector's one session.
    public var maxConcurrency: Int

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = Schema.object(
        [
            "serverUrl": Schema.string(
                title: "Server URL",
                description: "The MCP server's endpoint, such as https://mcp.example.com/mcp (Streamable HTTP) or https://mcp.example.com/sse (SSE).",
                format: "uri"),
            "transport": Schema.string(
                title: "Transport",
                description: "streamable-http for current servers (MCP 2025-03-26 and later); sse for servers that only speak the legacy HTTP+SSE transport.",
                default: "streamable-http", enum: Transport.all.map(\.rawValue)),
            "headers": Schema.map(
                of: Schema.string(), title: "Default headers",
                description: "Headers sent with every request. Secrets (Authorization, API keys) belong in the linked credential."),
            "verifyTls": Schema.boolean(
                title: "Verify TLS certificates", description: "Turn off only for development servers with self-signed certificates.",
                default: true),
            "timeout": Schema.number(
                title: "Timeout (seconds)", description: "How long one request to the server may take, tool calls included.", default: 30,
                minimum: 0.1, maximum: 3600),
            "maxResponseBytes": Schema.integer(
                title: "Maximum message size (bytes)", description: "Larger messages from the server fail with payload_too_large.",
                default: 16 << 20, minimum: 1024, maximum: 1 << 30),
            "maxConcurrency": Schema.integer(
                title: "Maximum concurrent calls", description: "Tool calls in flight at once through this connector.", default: 32,
                minimum: 1, maximum: 1024),
        ], required: ["serverUrl"])

    /// Decodes validated options; refuses a URL that is not http(s) or carries a password, and secret headers.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let server = options.string("serverUrl") else { throw .invalidConfiguration("The server URL is required.", field: "serverUrl") }
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw .invalidConfiguration("The server URL must be an absolute http or https URL.", field: "serverUrl")
        }
        guard url.fragment == nil, !server.contains("#") else {
            throw .invalidConfiguration("The server URL must not have a fragment (#...).", field: "serverUrl")
        }
        if url.user != nil || url.password != nil {
            throw .invalidConfiguration(
                "The server URL must not carry a user name or password; link a credential instead.", field: "serverUrl")
        }
        self.serverURL = server
        let transport = options.string("transport") ?? Transport.streamableHTTP.rawValue
        guard let known = Transport.all.first(where: { $0.rawValue == transport }) else {
            throw .invalidConfiguration("The transport must be streamable-http or sse.", field: "transport")
        }
        self.transport = known
        self.headers = options.stringMap("headers")
        if let name = headers.first(where: { RESTConfiguration.secretHeaderNames.contains($0.0.lowercased()) })?.0 {
            throw .invalidConfiguration(
                "The header '\(name)' carries a secret, and connection options are stored in clear. Put it in a credential (bearer token, API key or OAuth2) and link that credential.",
                field: "headers.\(name)")
        }
        if let name = headers.first(where: { !RESTRequestInput.isToken($0.0) || RESTRequestInput.hasLineBreak($0.1) })?.0 {
            throw .invalidConfiguration("The header '\(name)' is not a valid single-line HTTP header.", field: "headers.\(name)")
        }
        self.verifyTLS = options.bool("verifyTls") ?? true
        self.timeout = options.seconds("timeout") ?? .seconds(30)
        self.maxResponseBytes = options.integer("maxResponseBytes") ?? 16 << 20
        self.maxConcurrency = options.integer("maxConcurrency") ?? 32
    }

    /// One shared session holds the MCP connection for every execution.
    public var pooling: PoolSettings { PoolSettings(size: maxConcurrency, shared: true, idleTimeout: .seconds(300)) }

    /// The transport options these fields ask for; MCP endpoints are not redirected.
    var clientOptions: HTTPClientOptions {
        HTTPClientOptions(
            verifyTLS: verifyTLS, connectTimeout: min(timeout, .seconds(10)), maxResponseBytes: maxResponseBytes, maxRedirects: 0,
            maxConnectionsPerHost: maxConcurrency + 1)
    }

    /// `host` or `host:port` of the server URL, for messages.
    var service: String {
        let afterScheme = serverURL.range(of: "://").map { serverURL[$0.upperBound...] } ?? Substring(serverURL)
        return String(afterScheme.prefix { $0 != "/" && $0 != "?" })
    }
}
