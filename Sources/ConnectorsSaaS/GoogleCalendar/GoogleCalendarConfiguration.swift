import ConnectorsHTTP
import PlugboardCore

/// The `google-calendar` connector's fields: where the Calendar API is (Google's, or a test double), the calendar
/// actions use unless they name another, whom Google notifies of changes, and the common HTTP options. The OAuth2
/// credential is the linked credential.
public struct GoogleCalendarConfiguration: HTTPConnectionConfiguration {
    /// Whom Google emails about a change to an event with guests.
    public enum SendUpdates: String, FieldChoice {
        case all, externalOnly, none
    }

    /// The API's root; requests go to `<root>/calendar/v3/…`.
    public var baseURL = "https://www.googleapis.com"
    public var calendarID = "primary"
    public var sendUpdates = SendUpdates.none
    public var connection = HTTPConnectionOptions()
    /// Further attempts after 429, 403 rateLimitExceeded and 503, waiting as Google asks.
    public var retries = 3
    public var maxConcurrency = 8

    public init() {}

    public static let fields = FieldList<Self> {
        Field("baseUrl", \.baseURL, title: "API URL", description: "https://www.googleapis.com, or another root for tests.", format: "uri")
        Field(
            "calendarId", \.calendarID, title: "Calendar",
            description: "primary (the signed-in user's), or a calendar id such as team@group.calendar.google.com; actions may name another.",
            minLength: 1)
        Field("sendUpdates", \.sendUpdates, title: "Notify guests", description: "Whom Google emails about changes: all, externalOnly or none.")
        FieldGroup(\.connection)
        Field(
            "retries", \.retries, title: "Retries", description: "Further attempts after a 429, a 403 rateLimitExceeded or a 503, waiting as Google asks.",
            minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 64)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The API URL")
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// `<root>/calendar/v3`.
    var apiRoot: String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/calendar/v3"
    }
}
