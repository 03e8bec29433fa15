import ConnectorsHTTP
import PlugboardCore

/// The `carbone` connector's fields: where Carbone is (its cloud, or a self-hosted Carbone On-Premise), the API
/// version asked for in `carbone-version`, and the common HTTP options. The API token is the linked credential.
public struct CarboneConfiguration: HTTPConnectionConfiguration {
    public var baseURL = "https://api.carbone.io"
    public var apiVersion = "5"
    public var connection = HTTPConnectionOptions()
    /// Further attempts after 429 and 5xx.
    public var retries = 2
    public var maxConcurrency = 8

    public init() {}

    public static let fields = FieldList<Self> {
        Field("baseUrl", \.baseURL, title: "Carbone URL", description: "https://api.carbone.io, or a Carbone On-Premise server's address.", format: "uri")
        Field("apiVersion", \.apiVersion, title: "API version", description: "Sent as the carbone-version header.", minLength: 1, maxLength: 8)
        FieldGroup(\.connection)
        Field("retries", \.retries, title: "Retries", description: "Further attempts after 429 and 5xx.", minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 64)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The Carbone URL")
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    var root: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
}
