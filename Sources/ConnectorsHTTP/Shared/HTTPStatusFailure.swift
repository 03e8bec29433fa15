import Foundation
import PlugboardCore

/// The errors HTTP nodes raise for response statuses that mean failure: 401, 403, 429 and 5xx.
///
/// Each carries `details: {status, body}` with the first 2 KB of the body as text, redacted.
public enum HTTPStatusFailure {
    /// Body bytes kept in error details.
    public static let bodyExcerptLimit = 2048

    /// The error for `response`, or nil when its status is returned to the caller (2xx, 3xx and other 4xx).
    public static func error(for response: HTTPResponseMessage, service: String, redactor: Redactor) -> ConnectorError? {
        let status = response.status
        guard status == 401 || status == 403 || status == 429 || (500...599).contains(status) else { return nil }
        let details: JSONValue = [
            "status": .integer(Int64(status)), "body": .string(redactor.redact(excerpt(response.body))),
        ]
        switch status {
        case 401:
            return ConnectorError(
                .authenticationFailed, message: "\(service) answered 401 Unauthorized.",
                cause: "The credential is missing, invalid or expired.", fix: "Check the linked credential.", details: details)
        case 403:
            return ConnectorError(
                .permissionDenied, message: "\(service) answered 403 Forbidden.",
                cause: "The credential is valid but may not do this.", fix: "Use a credential with the needed permission or scope.",
                details: details)
        case 429:
            return ConnectorError(
                .rateLimited, message: "\(service) answered 429 Too Many Requests.",
                retryAfter: retryAfter(response.header("Retry-After")), details: details)
        case 500...599:
            return ConnectorError(
                .upstreamError, message: "\(service) answered \(status) \(reason(status)).",
                cause: "The service failed or is overloaded.", retryable: true, details: details)
        default:
            return nil
        }
    }

    /// Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP date.
    public static func retryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        // Clamped so a hostile or broken header cannot overflow a later conversion.
        if let seconds = Double(value), seconds.isFinite { return min(max(0, seconds), maximumRetryAfter) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return min(max(0, date.timeIntervalSinceNow), maximumRetryAfter)
    }

    /// The longest wait a `Retry-After` may ask for: a day.
    public static let maximumRetryAfter: Double = 86_400

    /// The start of a body as text, for error details.
    public static func excerpt(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(bodyExcerptLimit), as: UTF8.self)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Server Error"
        }
    }
}
