import ConnectorsHTTP
import PlugboardCore

/// Meta's `{error: {message, type, code, error_subcode, fbtrace_id}}` (which 360dialog passes on) in the taxonomy.
enum WhatsAppFailure {
    /// Codes that mean "slow down": 130429 (throughput), 131056 (pair rate limit), 4 and 80007 (rate limits), 131048 (spam rate limit).
    static let rateLimitCodes: Set<Int64> = [4, 80007, 130429, 131048, 131056]

    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        guard response.status >= 400 else { return nil }
        let detail = (try? JSONParser.parse(response.body))?["error"]
        let code = detail?["code"]?.integerValue ?? 0
        let message = redactor.redact(detail?["message"]?.stringValue ?? "WhatsApp refused the request (\(response.status)).")
        let details: JSONValue = [
            "code": .integer(code), "subcode": detail?["error_subcode"] ?? .null, "fbtraceId": detail?["fbtrace_id"] ?? .null,
            "status": .integer(Int64(response.status)),
        ]
        if rateLimitCodes.contains(code) || response.status == 429 {
            return ConnectorError(
                .rateLimited, message: "WhatsApp is limiting this sender: \(message)", retryable: true,
                retryAfter: HTTPRetryPolicy.retryAfterHeader(response), details: details)
        }
        if code == 190 || response.status == 401 {
            return ConnectorError(
                .authenticationFailed, message: "WhatsApp refused the access token: \(message)",
                fix: "Renew the token (a system user's permanent token for production) in the connector's credential.", details: details)
        }
        if code == 10 || code == 200 || response.status == 403 {
            return ConnectorError(.permissionDenied, message: message, details: details)
        }
        if response.status >= 500 || code == 1 || code == 2 || code == 131000 {
            return ConnectorError(.upstreamError, message: "WhatsApp failed: \(message)", retryable: true, details: details)
        }
        return ConnectorError(.invalidInput, message: message, details: details)
    }
}
