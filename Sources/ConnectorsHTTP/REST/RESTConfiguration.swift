import Foundation
import PlugboardCore

/// The `rest` connector's fields, decoded once from the options a user saved.
public struct RESTConfiguration: ConnectorConfiguration {
    /// Every request's URL starts with this (no trailing slash, no fragment).
    public var baseURL: String
    /// Header names that carry credentials; kept for callers that read them here (the list lives in `SecretHeaders`).
    static var secretHeaderNames: Set<String> { SecretHeaders.names }

    /// Headers sent with every request; a request's own headers replace them by name.
    public var headers: [(String, String)]
    /// Time one attempt may take, connection included.
    public var timeout: Duration
    /// Attempts after the first for idempotent requests that failed in a retryable way.
    public var retries: Int
    /// Backoff base between attempts.
    public var retryDelay: Duration
    /// Verify the server certificate; off only for development servers.
    public var verifyTLS: Bool
    /// Largest response body accepted; larger ones fail with `payload_too_large`.
    public var maxResponseBytes: Int
    /// Concurrent requests through one session, and connections kept to the host.
    public var maxConcurrency: Int
    /// Follow up to five redirects, each checked by the egress guard.
    public var followRedirects: Bool
    /// A forward proxy every request goes through.
    public var proxy: HTTPProxy?

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = Schema.object(
        [
            "baseUrl": Schema.string(
                title: "Base URL", description: "The API's root, such as https://api.example.com/v1. Each request's path is appended to it.",
                format: "uri"),
            "headers": Schema.map(
                of: Schema.string(), title: "Default headers", description: "Headers sent with every request, such as Accept."),
            "timeout": Schema.number(
                title: "Timeout (seconds)", description: "How long one attempt may take, connecting included.", default: 30, minimum: 0.1,
                maximum: 3600),
            "retries": Schema.integer(
                title: "Retries",
                description: "Further attempts for GET, HEAD, OPTIONS, PUT and DELETE after a refused or timed-out connection, or a 429, 502, 503 or 504.",
                default: 2, minimum: 0, maximum: 10),
            "retryDelay": Schema.number(
                title: "Retry delay (seconds)", description: "Base of the exponential backoff between attempts; Retry-After is honoured.",
                default: 0.5, minimum: 0, maximum: 60),
            "verifyTls": Schema.boolean(
                title: "Verify TLS certificates", description: "Turn off only for development servers with self-signed certificates.",
                default: true),
            "maxResponseBytes": Schema.integer(
                title: "Maximum response size (bytes)", description: "Larger responses fail with payload_too_large.", default: 16 << 20,
                minimum: 1, maximum: 1 << 30),
            "maxConcurrency": Schema.integer(
                title: "Maximum concurrent requests", description: "Requests in flight at once through this connector.", default: 64,
                minimum: 1, maximum: 1024),
            "followRedirects": Schema.boolean(
                title: "Follow redirects", description: "Follow up to 5 redirects, each target checked against the egress policy.",
                default: true),
            "proxy": Schema.string(
                title: "HTTP proxy",
                description: "Send every request through this forward proxy, such as http://proxy.internal:3128; each connection is a CONNECT tunnel, so TLS stays end to end. Proxies that need a password are not supported yet.",
                format: "uri"),
        ], required: ["baseUrl"])

    /// Decodes validated options; refuses a base URL that is not http(s), has a fragment, or carries a password.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let base = options.string("baseUrl") else { throw .invalidConfiguration("The base URL is required.", field: "baseUrl") }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw .invalidConfiguration("The base URL must be an absolute http or https URL.", field: "baseUrl")
        }
        guard url.fragment == nil, !base.contains("#") else {
            throw .invalidConfiguration("The base URL must not have a fragment (#...).", field: "baseUrl")
        }
        if url.user != nil || url.password != nil {
            throw .invalidConfiguration(
                "The base URL must not carry a user name or password; link a username and password credential instead.", field: "baseUrl")
        }
        self.baseURL = base.hasSuffix("/") && url.query == nil ? String(base.dropLast()) : base
        self.headers = options.stringMap("headers")
        try SecretHeaders.refuse(in: headers)
        self.timeout = options.seconds("timeout") ?? .seconds(30)
        self.retries = options.integer("retries") ?? 2
        self.retryDelay = options.seconds("retryDelay") ?? .milliseconds(500)
        self.verifyTLS = options.bool("verifyTls") ?? true
        self.maxResponseBytes = options.integer("maxResponseBytes") ?? 16 << 20
        self.maxConcurrency = options.integer("maxConcurrency") ?? 64
        self.followRedirects = options.bool("followRedirects") ?? true
        if let proxy = options.string("proxy"), !proxy.isEmpty { self.proxy = try HTTPProxy(url: proxy, field: "proxy") }
    }

    /// One shared session serves up to `maxConcurrency` executions at once.
    public var pooling: PoolSettings { PoolSettings(size: maxConcurrency, shared: true) }

    /// The transport options these fields ask for.
    public func clientOptions(clientCertificate: Credential?) -> HTTPClientOptions {
        HTTPClientOptions(
            verifyTLS: verifyTLS, connectTimeout: min(timeout, .seconds(10)), maxResponseBytes: maxResponseBytes,
            maxRedirects: followRedirects ? 5 : 0, maxConnectionsPerHost: maxConcurrency, clientCertificate: clientCertificate,
            proxy: proxy)
    }

    /// The retry policy these fields ask for.
    public var retryPolicy: HTTPRetryPolicy { HTTPRetryPolicy(retries: retries, baseDelay: retryDelay) }
}
