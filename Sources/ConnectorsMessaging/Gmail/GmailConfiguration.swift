import ConnectorsHTTP
import PlugboardCore

/// The `gmail` connector's fields: where the Gmail API is (Google's, or a test double), whose mailbox (`me`, the
/// signed-in user), and the common HTTP options. The OAuth2 credential is the linked credential.
public struct GmailConfiguration: HTTPConnectionConfiguration {
    /// The API's root; requests go to `<root>/gmail/v1/users/<userId>/…`.
    public var baseURL = "https://gmail.googleapis.com"
    /// `me`, or the address of a mailbox the credential may act for (domain-wide delegation).
    public var userID = "me"
    public var connection = HTTPConnectionOptions()
    /// Further attempts after 429 and 503 (and connection failures for reads), waiting as Google asks.
    public var retries = 2
    public var maxConcurrency = 16

    public init() {}

    public static let fields = FieldList<Self> {
        Field("baseUrl", \.baseURL, title: "API URL", description: "https://gmail.googleapis.com, or another root for tests.", format: "uri")
        Field("userId", \.userID, title: "Mailbox", description: "me (the signed-in user), or an address the credential may act for.", minLength: 1)
        FieldGroup(\.connection)
        Field(
            "retries", \.retries, title: "Retries", description: "Further attempts after a 429 or 503, waiting as Google asks.",
            minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 256)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The API URL")
        guard !userID.contains("/"), !userID.contains("?"), !userID.contains("#") else {
            throw .invalidConfiguration("The mailbox is me or an email address.", field: "userId")
        }
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// `<root>/gmail/v1/users/<userId>`: every operation's path starts here.
    var mailbox: String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/gmail/v1/users/" + PercentEncoding.queryComponent(userID)
    }
}
