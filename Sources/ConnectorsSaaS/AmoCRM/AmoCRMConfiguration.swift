import ConnectorsHTTP
import PlugboardCore

/// The `amocrm` connector's fields: the account (its subdomain on amocrm.ru, kommo.com or amocrm.com, or a base URL),
/// and the common HTTP options. The credential is an OAuth2 credential or a long-lived token, sent as a bearer token.
public struct AmoCRMConfiguration: HTTPConnectionConfiguration {
    public enum Domain: String, FieldChoice {
        case amocrmRU = "amocrm.ru"
        case kommo = "kommo.com"
        case amocrmCOM = "amocrm.com"
    }

    public var subdomain = ""
    public var domain = Domain.amocrmRU
    /// Instead of subdomain and domain: the account's address (a test server, a proxy).
    public var baseURL = ""
    public var connection = HTTPConnectionOptions()
    /// Further attempts after 429 (amoCRM allows about 7 requests a second) and 5xx.
    public var retries = 3
    public var maxConcurrency = 4

    public init() {}

    public static let fields = FieldList<Self> {
        Field("subdomain", \.subdomain, title: "Account subdomain", description: "mycompany in mycompany.amocrm.ru.")
        Field("domain", \.domain, title: "Domain", description: "amocrm.ru, kommo.com or amocrm.com.")
        Field("baseUrl", \.baseURL, title: "Account URL", description: "Instead of subdomain and domain, such as https://mycompany.kommo.com.", format: "uri")
        FieldGroup(\.connection)
        Field("retries", \.retries, title: "Retries", description: "Further attempts after 429 (about 7 requests a second are allowed) and 5xx.", minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 16)
    }

    public func validate() throws(ConnectorError) {
        if baseURL.isEmpty {
            guard !subdomain.isEmpty, subdomain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw .invalidConfiguration("Give the account's subdomain (mycompany in mycompany.amocrm.ru), or its URL.", field: "subdomain")
            }
        } else {
            try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The account URL")
        }
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// `<account>/api/v4`.
    var apiRoot: String {
        let account = baseURL.isEmpty ? "https://\(subdomain).\(domain.rawValue)" : baseURL
        return (account.hasSuffix("/") ? String(account.dropLast()) : account) + "/api/v4"
    }
}
