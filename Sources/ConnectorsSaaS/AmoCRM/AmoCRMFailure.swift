import ConnectorsHTTP
import PlugboardCore

/// amoCRM's `application/problem+json` answers (`title`, `status`, `detail`, and `validation-errors` for a 400) as
/// the taxonomy names them.
enum AmoCRMFailure {
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        guard response.status >= 400 else { return nil }
        let json = try? JSONParser.parse(response.body)
        let detail = redactor.redact(json?["detail"]?.stringValue ?? json?["title"]?.stringValue ?? "amoCRM answered \(response.status).")
        switch response.status {
        case 401: return ConnectorError(.authenticationFailed, message: "amoCRM refused the token: \(detail)", fix: "Authorize the OAuth2 credential again, or give a fresh long-lived token.")
        case 402: return ConnectorError(.permissionDenied, message: "amoCRM: the account's subscription has run out (\(detail)).")
        case 403: return ConnectorError(.permissionDenied, message: "amoCRM: \(detail)", fix: "Give the integration's user access to this.")
        case 404: return ConnectorError(.notFound, message: "amoCRM: \(detail)")
        case 429: return ConnectorError(.rateLimited, message: "amoCRM's limit of about 7 requests a second: \(detail)", retryable: true)
        case 400..<500:
            let problems = (json?["validation-errors"]?.arrayValue ?? []).flatMap { entry in
                (entry["errors"]?.arrayValue ?? []).map { error -> JSONValue in
                    ["request": entry["request_id"] ?? .null, "path": error["path"] ?? .null, "code": error["code"] ?? .null, "detail": error["detail"] ?? .null]
                }
            }
            let first = problems.first.map { " (\($0["path"]?.stringValue ?? ""): \($0["detail"]?.stringValue ?? $0["code"]?.stringValue ?? ""))" } ?? ""
            return ConnectorError(.invalidInput, message: "amoCRM: \(detail)\(first)", details: problems.isEmpty ? nil : ["validationErrors": .array(problems)])
        default: return ConnectorError(.upstreamError, message: "amoCRM failed (\(response.status)): \(detail)", retryable: response.status >= 500)
        }
    }
}
