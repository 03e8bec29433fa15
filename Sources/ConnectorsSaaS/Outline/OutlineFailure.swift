import ConnectorsHTTP
import PlugboardCore

/// Outline's `{ok: false, error, message, status}` envelope as the taxonomy names it.
enum OutlineFailure {
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        let json = try? JSONParser.parse(response.body)
        guard response.status >= 400 || json?["ok"] == false else { return nil }
        let code = json?["error"]?.stringValue ?? "error"
        let message = redactor.redact(json?["message"]?.stringValue ?? code.replacingOccurrences(of: "_", with: " "))
        switch response.status {
        case 401:
            return ConnectorError(.authenticationFailed, message: "Outline refused the API key: \(message).", fix: "Check the API key in the connector's credential (Settings → API in Outline).")
        case 403: return ConnectorError(.permissionDenied, message: "Outline: \(message) (\(code)).", fix: "Give the API key's user access, or the key the scope this needs.")
        case 404: return ConnectorError(.notFound, message: "Outline: \(message) (\(code)).")
        case 429:
            return ConnectorError(.rateLimited, message: "Outline's rate limit: \(message).", retryable: true, retryAfter: HTTPRetryPolicy.retryAfterHeader(response))
        case 400..<500: return ConnectorError(.invalidInput, message: "Outline: \(message) (\(code)).")
        default: return ConnectorError(.upstreamError, message: "Outline failed (\(response.status)): \(message).", retryable: response.status >= 500)
        }
    }
}
