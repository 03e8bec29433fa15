import Foundation
import PlugboardCore

/// The `rest` connector's fields, decoded once from the options a user saved.
public struct RESTConfiguration: HTTPConnectionConfiguration {
    /// The base URL as given.
    public var baseURLOption = ""
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection = HTTPConnectionOptions()
    /// Attempts after the first for idempotent requests that failed in a retryable way.
    public var retries = 2
    /// Backoff base between attempts.
    public var retryDelay: Duration = .milliseconds(500)
    /// Concurrent requests through one session, and connections kept to the host.
    public var maxConcurrency = 64
    /// Follow up to five redirects, each checked by the egress guard.
    public var followRedirects = true
    /// A forward proxy every request goes through, as given.
    public var proxyURL: String?

    /// The options at their defaults.
    public init() {}

    /// The connection fields users fill in: the schema, the decoder and the defaults in one declaration.
    public static let fields = FieldList<Self> {
        Field(
            "baseUrl", \.baseURLOption, title: "Base URL",
            description: "The API's root, such as https://api.example.com/v1. Each request's path is appended to it.", format: "uri",
            required: true)
        FieldGroup(\.connection).describing("timeout", as: "How long one attempt may take, connecting included.")
        HTTPRetryPolicy.retriesField(\.retries)
        Field(
            "retryDelay", \.retryDelay, title: "Retry delay (seconds)",
            description: "Base of the exponential backoff between attempts; Retry-After is honoured.", minimum: .zero, maximum: .seconds(60))
        Field(
            "maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests",
            description: "Requests in flight at once through this connector.", minimum: 1, maximum: 1024)
        Field(
            "followRedirects", \.followRedirects, title: "Follow redirects",
            description: "Follow up to 5 redirects, each target checked against the egress policy.")
        Field(
            "proxy", \.proxyURL, title: "HTTP proxy",
            description: "Send every request through this forward proxy, such as http://proxy.internal:3128; each connection is a CONNECT tunnel, so TLS stays end to end. Proxies that need a password are not supported yet.",
            format: "uri")
    }

    /// Refuses a base URL that is not http(s), has a fragment, or carries a password, and a proxy that cannot be used.
    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURLOption, field: "baseUrl", what: "The base URL")
        if let proxyURL, !proxyURL.isEmpty { _ = try HTTPProxy(url: proxyURL, field: "proxy") }
    }

    /// Every request's URL starts with this (no trailing slash unless it has a query).
    public var baseURL: String {
        guard baseURLOption.hasSuffix("/"), !baseURLOption.contains("?") else { return baseURLOption }
        return String(baseURLOption.dropLast())
    }

    /// The forward proxy, read from `proxyURL` (already checked by `validate()`).
    public var proxy: HTTPProxy? {
        guard let proxyURL, !proxyURL.isEmpty else { return nil }
        return try? HTTPProxy(url: proxyURL, field: "proxy")
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
