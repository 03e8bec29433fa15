import ConnectorsHTTP
import PlugboardCore

/// One `google-calendar` connector's session: Calendar v3 as an HTTP service, the OAuth2 access token as a bearer
/// (refreshed before expiry, and once more after a 401), Google's envelope read for every failure, and rate limits
/// (429, 403 rateLimitExceeded) retried after the wait Google asks for.
public struct GoogleCalendarSession: ConnectorSession {
    public let configuration: GoogleCalendarConfiguration
    let client: HTTPServiceClient

    init(configuration: GoogleCalendarConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        var service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.baseURL), baseURL: configuration.apiRoot,
            defaultHeaders: configuration.headers, attemptTimeout: configuration.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            failure: { response, redactor in
                GoogleAPIFailure.error(
                    response, redactor: redactor, product: "Google Calendar", scopes: "https://www.googleapis.com/auth/calendar or calendar.events")
            })
        service.isRefusal = GoogleAPIFailure.isRateLimit
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    /// A JSON request; an empty answer (204) is null.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(.json(method, path, query: query, body: body), emptyIsNull: true, context: context)
    }

    /// `/calendars/<id>`, for the calendar named or the connector's.
    func calendarPath(_ calendarID: String?) -> String {
        "/calendars/" + PercentEncoding.pathSegment(calendarID ?? configuration.calendarID)
    }

    /// The `sendUpdates` parameter: the action's choice, else the connector's.
    func notifying(_ choice: GoogleCalendarConfiguration.SendUpdates?) -> [(String, String)] {
        [("sendUpdates", (choice ?? configuration.sendUpdates).rawValue)]
    }

    /// A list's items across pages (`items`, `pageToken` and `nextPageToken`), at most `limit` and no page larger than
    /// `pageSize`; then the token for the next page when more remain, or the last page's `nextSyncToken`.
    func list(
        _ path: String, query: [(String, String)], limit: Int, pageSize: Int, context: CallContext
    ) async throws(ConnectorError) -> (items: [JSONValue], nextPageToken: String?, nextSyncToken: String?) {
        var pagination = HTTPPagination(
            next: .cursor(path: JSONPath(steps: [.key("nextPageToken")]), parameter: "pageToken"), items: JSONPath(steps: [.key("items")]),
            maxPages: limit, maxBytes: 64 << 20)
        pagination.itemLimit = .init(count: limit, sizeParameter: "maxResults", pageSize: pageSize)
        let pages = try await client.pages(HTTPServiceRequest("GET", path, query: query), pagination, context: context)
        if case .query(_, let token) = pages.continuation { return (pages.items, token.stringValue, nil) }
        let last = try? JSONParser.parse(pages.last.body)
        return (pages.items, nil, last?["nextSyncToken"]?.stringValue)
    }
}
