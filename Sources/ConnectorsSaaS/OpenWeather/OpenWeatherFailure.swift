import ConnectorsHTTP
import PlugboardCore

/// OpenWeather's `{cod, message}` envelope as the taxonomy names it; `cod` is a number in some answers and a string
/// in others (`401`, `"404"`).
enum OpenWeatherFailure {
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        guard response.status >= 400 else { return nil }
        let json = try? JSONParser.parse(response.body)
        let code = json?["cod"].flatMap { $0.integerValue ?? $0.stringValue.flatMap { Int64($0) } }.map(Int.init) ?? response.status
        let message = redactor.redact(json?["message"]?.stringValue ?? "OpenWeather answered \(response.status).")
        switch code {
        case 401:
            return ConnectorError(
                .authenticationFailed, message: "OpenWeather refused the API key: \(message)",
                fix: "Check the key in the connector's credential (a new key takes up to two hours to work), and that the plan covers this API.")
        case 404: return ConnectorError(.notFound, message: "OpenWeather: \(message)")
        case 429:
            return ConnectorError(
                .rateLimited, message: "OpenWeather's limit for this key was reached: \(message)", fix: "Wait, or use a plan with more calls a minute.",
                retryable: true)
        case 400..<500: return ConnectorError(.invalidInput, message: "OpenWeather: \(message)")
        default: return ConnectorError(.upstreamError, message: "OpenWeather failed (\(code)): \(message)", retryable: code >= 500)
        }
    }
}
