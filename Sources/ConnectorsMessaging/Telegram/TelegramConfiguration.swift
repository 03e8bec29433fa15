import ConnectorsHTTP
import PlugboardCore

/// The `telegram` connector's fields: where the Bot API is (Telegram's, or a local Bot API server), and the common
/// HTTP options. The bot token is the linked credential.
public struct TelegramConfiguration: HTTPConnectionConfiguration {
    /// The Bot API's root; requests go to `<root>/bot<token>/<method>`.
    public var baseURL = "https://api.telegram.org"
    public var connection = HTTPConnectionOptions()
    /// Further attempts after a 429, waiting the `retry_after` Telegram asks for.
    public var retries = 2
    public var maxConcurrency = 16

    public init() {}

    public static let fields = FieldList<Self> {
        Field(
            "baseUrl", \.baseURL, title: "Bot API URL",
            description: "https://api.telegram.org, or a local Bot API server's address.", format: "uri")
        FieldGroup(\.connection)
        Field(
            "retries", \.retries, title: "Retries", description: "Further attempts after a 429 (flood control), waiting as Telegram asks.",
            minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 256)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The Bot API URL")
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    var root: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
}
