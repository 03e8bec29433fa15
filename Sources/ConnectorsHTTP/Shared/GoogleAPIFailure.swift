import PlugboardCore

/// Google's error envelope, `{error: {code, message, errors: [{reason, domain, message}], status}}` (Calendar's has no
/// `status`), in the taxonomy for one Google API (`product`: Gmail, Google Calendar): the reasons first (rate limits
/// come as 403 or 429, an expired sync token and a deleted item as 410), then the HTTP status.
public enum GoogleAPIFailure {
    /// Reasons that mean "slow down", whatever the status.
    static let rateLimitReasons: Set<String> = [
        "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded", "RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED",
    ]

    /// The reason Google gives when a sync token is too old: the caller must list everything again.
    public static let fullSyncRequired = "fullSyncRequired"

    /// Whether `response` is Google asking to slow down (429, or a 403 whose reason is a rate limit): retried as a
    /// 429 is, by `HTTPService.isRefusal`.
    @Sendable public static func isRateLimit(_ response: HTTPResponseMessage) -> Bool {
        guard response.status == 429 || response.status == 403 else { return false }
        let error = (try? JSONParser.parse(response.body))?["error"]
        return response.status == 429 || (error?["errors"]?.arrayValue ?? []).contains { $0["reason"]?.stringValue.map(rateLimitReasons.contains) == true }
    }

    /// The failure in `response`, or nil for a success; `scopes` names scopes that allow the product's calls.
    public static func error(_ response: HTTPResponseMessage, redactor: Redactor, product: String, scopes: String) -> ConnectorError? {
        guard response.status >= 400 else { return nil }
        let error = (try? JSONParser.parse(response.body))?["error"]
        let reasons = (error?["errors"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue }
        let googleStatus = error?["status"]?.stringValue
        let message = redactor.redact(error?["message"]?.stringValue ?? "\(product) refused the request (HTTP \(response.status)).")
        let details: JSONValue = [
            "status": .integer(Int64(response.status)), "reason": reasons.first.map(JSONValue.string) ?? .null,
            "googleStatus": googleStatus.map(JSONValue.string) ?? .null,
        ]
        if response.status == 429 || reasons.contains(where: rateLimitReasons.contains) || googleStatus == "RESOURCE_EXHAUSTED" {
            return ConnectorError(
                .rateLimited, message: "\(product) is limiting this account: \(message)", retryable: true,
                retryAfter: HTTPRetryPolicy.retryAfterHeader(response), details: details)
        }
        switch response.status {
        case 401:
            return ConnectorError(
                .authenticationFailed, message: "Google refused the access token: \(message)",
                fix: "Sign the credential in again (Connect, or plugboard credentials connect).", details: details)
        case 403 where reasons.contains("insufficientPermissions") || googleStatus == "PERMISSION_DENIED" && message.contains("scope"):
            return ConnectorError(
                .permissionDenied, message: "The sign-in does not allow this: \(message)",
                fix: "Add a scope that does (\(scopes)) to the credential and sign in again.", details: details)
        case 403:
            return ConnectorError(.permissionDenied, message: message, details: details)
        case 404:
            return ConnectorError(.notFound, message: "\(product) found nothing there: \(message)", fix: "Check the id; it may have been deleted.", details: details)
        case 409:
            return ConnectorError(.alreadyExists, message: message, details: details)
        case 410 where reasons.contains(fullSyncRequired):
            return ConnectorError(
                .invalidInput, message: "\(product): the sync token has expired (\(message)).",
                fix: "List again without a sync token (a full sync) and keep its new nextSyncToken.", field: "syncToken", details: details)
        case 410:
            return ConnectorError(.notFound, message: "\(product): it has been deleted already (\(message)).", details: details)
        case 500...:
            return ConnectorError(.upstreamError, message: "\(product) failed: \(message)", retryable: true, details: details)
        default:
            return ConnectorError(.invalidInput, message: message, details: details)
        }
    }
}
