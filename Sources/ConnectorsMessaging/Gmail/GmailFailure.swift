import ConnectorsHTTP
import PlugboardCore

/// Google's error envelope, `{error: {code, message, errors: [{reason, domain, message}], status}}`, in the
/// taxonomy: the reasons first (rate limits come as 403 or 429), then the status.
enum GmailFailure {
    /// Reasons that mean "slow down", whatever the status.
    static let rateLimitReasons: Set<String> = [
        "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded", "RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED",
    ]

    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        guard response.status >= 400 else { return nil }
        let error = (try? JSONParser.parse(response.body))?["error"]
        let reasons = (error?["errors"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue }
        let googleStatus = error?["status"]?.stringValue
        let message = redactor.redact(error?["message"]?.stringValue ?? "Gmail refused the request (HTTP \(response.status)).")
        let details: JSONValue = [
            "status": .integer(Int64(response.status)), "reason": reasons.first.map(JSONValue.string) ?? .null,
            "googleStatus": googleStatus.map(JSONValue.string) ?? .null,
        ]
        if response.status == 429 || reasons.contains(where: rateLimitReasons.contains) || googleStatus == "RESOURCE_EXHAUSTED" {
            return ConnectorError(
                .rateLimited, message: "Gmail is limiting this mailbox: \(message)", retryable: true,
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
                fix: "Add a scope that does (https://mail.google.com/ or gmail.modify) to the credential and sign in again.", details: details)
        case 403:
            return ConnectorError(.permissionDenied, message: message, details: details)
        case 404:
            return ConnectorError(.notFound, message: "Gmail found nothing there: \(message)", fix: "Check the id; it may have been deleted.", details: details)
        case 409:
            return ConnectorError(.alreadyExists, message: message, details: details)
        case 500...:
            return ConnectorError(.upstreamError, message: "Gmail failed: \(message)", retryable: true, details: details)
        default:
            return ConnectorError(.invalidInput, message: message, details: details)
        }
    }
}
