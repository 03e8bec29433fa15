import PlugboardCore

/// The `graphql` connector's fields, decoded once from the options a user saved.
public struct GraphQLConfiguration: HTTPConnectionConfiguration {
    /// The URL every operation is POSTed to, such as https://api.example.com/graphql.
    public var endpoint: String
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection: HTTPConnectionOptions
    /// Concurrent requests through one session, and connections kept to the host.
    public var maxConcurrency: Int

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = HTTPConnectionOptions.schema(
        [
            "endpointUrl": Schema.string(
                title: "Endpoint URL", description: "The GraphQL endpoint operations are POSTed to, such as https://api.example.com/graphql.",
                format: "uri")
        ],
        trailing: [
            "maxConcurrency": Schema.integer(
                title: "Maximum concurrent requests", description: "Operations in flight at once through this connector.", default: 64,
                minimum: 1, maximum: 1024)
        ], required: ["endpointUrl"])

    /// Decodes validated options; refuses an endpoint that is not absolute http(s), has a fragment or carries a password,
    /// and default headers that carry secrets.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let endpoint = options.string("endpointUrl") else {
            throw .invalidConfiguration("The endpoint URL is required.", field: "endpointUrl")
        }
        try HTTPConnectionOptions.checkURL(endpoint, field: "endpointUrl", what: "The endpoint URL")
        self.endpoint = endpoint
        connection = try HTTPConnectionOptions(options: options)
        self.maxConcurrency = options.integer("maxConcurrency") ?? 64
    }

    /// One shared session serves up to `maxConcurrency` executions at once.
    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// The transport options these fields ask for; redirects are not followed, since a POST must not change its target.
    public func clientOptions(clientCertificate: Credential?) -> HTTPClientOptions {
        connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: maxConcurrency, clientCertificate: clientCertificate)
    }

    /// `host` or `host:port` of the endpoint, for messages.
    var service: String { HTTPConnectionOptions.service(of: endpoint) }
}
