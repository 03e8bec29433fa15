import ConnectorsHTTP
import PlugboardCore

/// The `outline` connector's fields: where the wiki is (Outline's cloud, or a self-hosted one), and the common HTTP
/// options. The API key is the linked credential, sent as a bearer token.
public struct OutlineConfiguration: HTTPConnectionConfiguration {
    /// The wiki's address; the API is under `/api`.
    public var baseURL = "https://app.getoutline.com"
    public var connection = HTTPConnectionOptions()
    /// Further attempts after 429 (as Retry-After asks) and 5xx.
    public var retries = 2
    public var maxConcurrency = 8

    public init() {}

    public static let fields = FieldList<Self> {
        Field("baseUrl", \.baseURL, title: "Outline URL", description: "https://app.getoutline.com, or a self-hosted wiki's address (the API is under /api).", format: "uri")
        FieldGroup(\.connection)
        Field("retries", \.retries, title: "Retries", description: "Further attempts after 429 (rate limited) and 5xx.", minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 64)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The Outline URL")
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// `<baseURL>/api`, whether or not the URL already ends in it.
    var apiRoot: String {
        let root = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return root.hasSuffix("/api") ? root : root + "/api"
    }
}
