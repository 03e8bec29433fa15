import Foundation
import PlugboardCore

/// The `rest` connector's fields, decoded once from the options a user saved.
public struct RESTConfiguration: HTTPConnectionConfiguration {
    /// Every request's URL starts with this (no trailing slash, no fragment).
    public var baseURL: String

    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection: HTTPConnectionOptions
    /// Attempts after the first for idempotent requests that failed in a retryable way.
    public var retries: Int
    /// Backoff base between attempts.
    public var retryDelay: Duration
    /// Concurrent requests through one session, and connections kept to the host.
    public var maxConcurrency: Int
    /// Follow up to five redirects, each checked by the egress guard.
    public var followRedirects: Bool
    /// A forward proxy every request goes through.
    public var proxy: HTTPProxy?

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = HTTPConnectionOptions.schema(
        [
            "baseUrl": Schema.string(
                title: "Base URL", description: "The API's root, such as https://api.example.com/v1. Each request's path is appended to it.",
                format: "uri")
        ],
        trailing: [
            "retries": HTTPRetryPolicy.retriesSchema,
            "retryDelay": Schema.number(
                title: "Retry delay (seconds)", description: "Base of the exponential backoff between attempts; Retry-After is honoured.",
                default: 0.5, minimum: 0, maximum: 60),
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
        ], required: ["baseUrl"], timeout: "How long one attempt may take, connecting included.")

    /// Decodes validated options; refuses a base URL that is not http(s), has a fragment, or carries a password.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let base = options.string("baseUrl") else { throw .invalidConfiguration("The base URL is required.", field: "baseUrl") }
        let url = try HTTPConnectionOptions.checkURL(base, field: "baseUrl", what: "The base URL")
        self.baseURL = base.hasSuffix("/") && url.query == nil ? String(base.dropLast()) : base
        connection = try HTTPConnectionOptions(options: options)
        self.retries = options.integer("retries") ?? 2
        self.retryDelay = options.seconds("retryDelay") ?? .milliseconds(500)
        self.maxConcurrency = options.integer("maxConcurrency") ?? 64
        self.followRedirects = options.bool("followRedirects") ?? true
        if let proxy = options.string("proxy"), !proxy.isEmpty { self.proxy = try HTTPProxy(url: proxy, field: "proxy") }
    }

    /// One shared session serves up to `maxConcurrency` executions at once.
    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// The transport options these fields ask for.
    public func clientOptions(clientCertificate: Credential?) -> HTTPClientOptions {
        connection.clientOptions(
            maxRedirects: followRedirects ? 5 : 0, maxConnectionsPerHost: maxConcurrency, clientCertificate: clientCertificate, proxy: proxy)
    }

    /// The retry policy these fields ask for.
    public var retryPolicy: HTTPRetryPolicy { HTTPRetryPolicy(retries: retries, baseDelay: retryDelay) }
}
