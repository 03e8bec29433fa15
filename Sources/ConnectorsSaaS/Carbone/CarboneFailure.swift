import ConnectorsHTTP
import PlugboardCore

/// Carbone's `{success: false, error}` envelope as the taxonomy names it.
enum CarboneFailure {
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        let json = try? JSONParser.parse(response.body)
        guard response.status >= 400 || json?["success"] == false else { return nil }
        let message = redactor.redact(json?["error"]?.stringValue ?? "Carbone answered \(response.status).")
        switch response.status {
        case 401, 403:
            return ConnectorError(.authenticationFailed, message: "Carbone refused the API token: \(message)", fix: "Check the token in the connector's credential (Carbone account → API access).")
        case 404: return ConnectorError(.notFound, message: "Carbone: \(message)")
        case 429: return ConnectorError(.rateLimited, message: "Carbone's rate limit: \(message)", retryable: true, retryAfter: HTTPRetryPolicy.retryAfterHeader(response))
        case 400..<500: return ConnectorError(.invalidInput, message: "Carbone: \(message)")
        case 200..<300: return ConnectorError(.upstreamError, message: "Carbone: \(message)")
        default: return ConnectorError(.upstreamError, message: "Carbone failed (\(response.status)): \(message)", retryable: response.status >= 500)
        }
    }
}
