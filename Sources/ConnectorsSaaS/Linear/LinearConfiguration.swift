import ConnectorsHTTP
import PlugboardCore

/// The `linear` connector's fields: where Linear's GraphQL API is, and the common HTTP options. The credential is a
/// personal API key (sent as `Authorization: <key>`, without Bearer) or an OAuth2 credential.
public struct LinearConfiguration: HTTPConnectionConfiguration {
    /// Requests go to `<baseURL>/graphql`.
    public var baseURL = "https://api.linear.app"
    public var connection = HTTPConnectionOptions()
    public var maxConcurrency = 8

    public init() {}

    public static let fields = FieldList<Self> {
        Field("baseUrl", \.baseURL, title: "API URL", description: "https://api.linear.app, or a proxy or test server (requests go to /graphql).", format: "uri")
        FieldGroup(\.connection)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 64)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The API URL")
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    var root: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
}
