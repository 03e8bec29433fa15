import ConnectorsHTTP
import PlugboardCore

/// The `bitrix24` connector's fields: the portal's address and, for an inbound webhook, the user it belongs to. The
/// webhook's secret (the last part of `/rest/<user>/<secret>/`) is the linked API key credential and is masked in
/// every URL; an OAuth2 credential goes as `auth` instead.
public struct Bitrix24Configuration: HTTPConnectionConfiguration {
    /// Such as https://mycompany.bitrix24.ru.
    public var portalURL = ""
    /// The user in an inbound webhook's address (`/rest/<user>/<secret>/`).
    public var userID = 1
    public var connection = HTTPConnectionOptions()
    /// Further attempts after QUERY_LIMIT_EXCEEDED (503) and 429.
    public var retries = 3
    public var maxConcurrency = 2

    public init() {}

    public static let fields = FieldList<Self> {
        Field("portalUrl", \.portalURL, title: "Portal URL", description: "https://mycompany.bitrix24.ru, or a self-hosted Bitrix24.", format: "uri", required: true)
        Field("userId", \.userID, title: "Webhook user id", description: "The number in an inbound webhook's address /rest/<user>/<secret>/.", minimum: 1)
        FieldGroup(\.connection)
        Field("retries", \.retries, title: "Retries", description: "Further attempts after QUERY_LIMIT_EXCEEDED and 429.", minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", description: "Bitrix24 allows about 2 requests a second.", minimum: 1, maximum: 16)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(portalURL, field: "portalUrl", what: "The portal URL")
        if portalURL.contains("/rest/") {
            throw .invalidConfiguration("Give the portal's address only; the webhook's secret belongs in the credential and its user in userId.", field: "portalUrl")
        }
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    var root: String { portalURL.hasSuffix("/") ? String(portalURL.dropLast()) : portalURL }
}
