import Foundation
import PlugboardCore

/// The `graphql` connector's fields, decoded once from the options a user saved.
public struct GraphQLConfiguration: ConnectorConfiguration {
    /// The URL every operation is POSTed to, such as https://api.example.com/graphql.
    public var endpoint: String
    /// Headers sent with every request; the credential's headers replace them by name.
    public var headers: [(String, String)]
    /// Time one request may take, connection included.
    public var timeout: Duration
    /// Verify the server certificate; off only for development servers.
    public var verifyTLS: Bool
    /// Largest response body accepted; larger ones fail with `payload_too_large`.
    public var maxResponseBytes: Int
    /// Concurrent requests through one session, and connections kept to the host.
    public var maxConcurrency: Int

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = Schema.object(
        [
            "endpointUrl": Schema.string(
                title: "Endpoint URL", description: "The GraphQL endpoint operations are POSTed to, such as https://api.example.com/graphql.",
                format: "uri"),
            "headers": Schema.map(
                of: Schema.string(), title: "Default headers",
                description: "Headers sent with every request. Secrets (Authorization, API keys, cookies) belong in the linked credential."),
            "verifyTls": Schema.boolean(
                title: "Verify TLS certificates", description: "Turn off only for development servers with self-signed certificates.",
                default: true),
            "timeout": Schema.number(
                title: "Timeout (seconds)", description: "How long one request may take, connecting included.", default: 30, minimum: 0.1,
                maximum: 3600),
            "maxResponseBytes": Schema.integer(
                title: "Maximum response size (bytes)", description: "Larger responses fail with payload_too_large.", default: 16 << 20,
                minimum: 1, maximum: 1 << 30),
            "maxConcurrency": Schema.integer(
                title: "Maximum concurrent requests", description: "Operations in flight at once through this connector.", default: 64,
                minimum: 1, maximum: 1024),
        ], required: ["endpointUrl"])

    /// Decodes validated options; refuses an endpoint that is not absolute http(s), has a fragment or carries a password,
    /// and default headers that carry secrets.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let endpoint = options.string("endpointUrl") else {
            throw .invalidConfiguration("The endpoint URL is required.", field: "endpointUrl")
        }
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw .invalidConfiguration("The endpoint URL must be an absolute http or https URL, such as https://api.example.com/graphql.", field: "endpointUrl")
        }
        guard !endpoint.contains("#") else {
            throw .invalidConfiguration("The endpoint URL must not have a fragment (#...).", field: "endpointUrl")
        }
        guard url.user == nil, url.password == nil else {
            throw .invalidConfiguration(
                "The endpoint URL must not carry a user name or password; link a username and password credential instead.", field: "endpointUrl")
        }
        self.endpoint = endpoint
        self.headers = options.stringMap("headers")
        try SecretHeaders.refuse(in: headers)
        if let name = headers.first(where: { !RESTRequestInput.isToken($0.0) || RESTRequestInput.hasLineBreak($0.1) })?.0 {
            throw .invalidConfiguration("The header '\(name)' needs a valid name and a single-line value.", field: "headers.\(name)")
        }
        self.timeout = options.seconds("timeout") ?? .seconds(30)
        self.verifyTLS = options.bool("verifyTls") ?? true
        self.maxResponseBytes = options.integer("maxResponseBytes") ?? 16 << 20
        self.maxConcurrency = options.integer("maxConcurrency") ?? 64
    }

    /// One shared session serves up to `maxConcurrency` executions at once.
    public var pooling: PoolSettings { PoolSettings(size: maxConcurrency, shared: true) }

    /// The transport options these fields ask for; redirects are not followed, since a POST must not change its target.
    public func clientOptions(clientCertificate: Credential?) -> HTTPClientOptions {
        HTTPClientOptions(
            verifyTLS: verifyTLS, connectTimeout: min(timeout, .seconds(10)), maxResponseBytes: maxResponseBytes, maxRedirects: 0,
            maxConnectionsPerHost: maxConcurrency, clientCertificate: clientCertificate)
    }

    /// `host` or `host:port` of the endpoint, for messages.
    var service: String {
        let afterScheme = endpoint.range(of: "://").map { endpoint[$0.upperBound...] } ?? Substring(endpoint)
        return String(afterScheme.prefix { $0 != "/" && $0 != "?" })
    }
}
