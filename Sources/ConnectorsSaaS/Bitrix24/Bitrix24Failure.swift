import ConnectorsHTTP
import PlugboardCore

/// Bitrix24's `{error, error_description}` answers as the taxonomy names them.
enum Bitrix24Failure {
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        let json = try? JSONParser.parse(response.body)
        guard let code = json?["error"]?.stringValue else {
            return response.status >= 400 ? HTTPStatusFailure.error(for: response, service: "Bitrix24", redactor: redactor) : nil
        }
        let description = redactor.redact(json?["error_description"]?.stringValue ?? code)
        switch code {
        case "expired_token":
            return ConnectorError(.authenticationFailed, message: "Bitrix24: the access token expired (\(description)).", fix: "Refresh or authorize the OAuth2 credential again.", retryable: true)
        case "NO_AUTH_FOUND", "invalid_token", "INVALID_CREDENTIALS", "WRONG_AUTH_TYPE":
            return ConnectorError(.authenticationFailed, message: "Bitrix24 refused the credential: \(description) (\(code)).", fix: "Check the webhook's secret and user id, or the OAuth2 credential.")
        case "insufficient_scope", "ACCESS_DENIED", "INVALID_REQUEST":
            return ConnectorError(.permissionDenied, message: "Bitrix24: \(description) (\(code)).", fix: "Give the webhook or application the scope this method needs.")
        case "QUERY_LIMIT_EXCEEDED":
            return ConnectorError(.rateLimited, message: "Bitrix24's request limit: \(description).", retryable: true)
        case "ERROR_METHOD_NOT_FOUND":
            return ConnectorError(.notFound, message: "Bitrix24 has no such method: \(description).")
        default:
            if description.lowercased().contains("not found") { return ConnectorError(.notFound, message: "Bitrix24: \(description) (\(code)).") }
            return ConnectorError(response.status >= 500 ? .upstreamError : .invalidInput, message: "Bitrix24: \(description) (\(code)).", retryable: response.status >= 500)
        }
    }
}
