import PlugboardCore

/// The `graphql` connector's fields, decoded once from the options a user saved.
public struct GraphQLConfiguration: HTTPConnectionConfiguration {
    /// The URL every operation is POSTed to, such as https://api.example.com/graphql.
    public var endpoint = ""
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection = HTTPConnectionOptions()
    /// Concurrent requests through one session, and connections kept to the host.
    public var maxConcurrency = 64

    /// The options at their defaults.
    public init() {}

    /// The connection fields users fill in: the schema, the decoder and the defaults in one declaration.
    public static let fields = FieldList<Self> {
        Field(
            "endpointUrl", \.endpoint, title: "Endpoint URL",
            description: "The GraphQL endpoint operations are POSTed to, such as https://api.example.com/graphql.", format: "uri",
            required: true)
        FieldGroup(\.connection)
        Field(
            "maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests",
            description: "Operations in flight at once through this connector.", minimum: 1, maximum: 1024)
    }

    /// Refuses an endpoint that is not absolute http(s), has a fragment or carries a password.
    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(endpoint, field: "endpointUrl", what: "The endpoint URL")
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
