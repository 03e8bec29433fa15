import ConnectorsHTTP
import Foundation
import PlugboardCore

/// Linear's GraphQL errors (`errors[].extensions.code`) as the taxonomy names them, whatever the HTTP status; a rate
/// limit reports the `X-RateLimit-*` headers and when the budget refills.
enum LinearFailure {
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        let json = try? JSONParser.parse(response.body)
        guard let first = json?["errors"]?.arrayValue?.first else {
            return response.status >= 400 ? HTTPStatusFailure.error(for: response, service: "Linear", redactor: redactor) : nil
        }
        let extensions = first["extensions"]
        let code = extensions?["code"]?.stringValue ?? ""
        let message = redactor.redact(extensions?["userPresentableMessage"]?.stringValue ?? first["message"]?.stringValue ?? "Linear refused the request.")
        if (first["message"]?.stringValue ?? "").lowercased().hasPrefix("entity not found") || code == "NOT_FOUND" {
            return ConnectorError(.notFound, message: "Linear: \(message)")
        }
        switch code {
        case "AUTHENTICATION_ERROR":
            return ConnectorError(.authenticationFailed, message: "Linear refused the credential: \(message)", fix: "Check the API key (Settings → API) or authorize the OAuth2 credential again.")
        case "FORBIDDEN":
            return ConnectorError(.permissionDenied, message: "Linear: \(message)")
        case "RATELIMITED":
            let limits = response.headers.filter { $0.0.lowercased().hasPrefix("x-ratelimit-") }
            let reset = response.header("X-RateLimit-Requests-Reset").flatMap(Double.init).map { max(0, $0 / 1000 - Date().timeIntervalSince1970) }
            return ConnectorError(
                .rateLimited, message: "Linear's rate limit: \(message)", fix: "Wait until the budget refills (retryAfter), or ask for fewer or smaller queries.",
                retryable: true, retryAfter: reset,
                details: .object(JSONObject(limits.map { ($0.0.lowercased(), JSONValue.string($0.1)) })))
        case "INPUT_ERROR", "INVALID_INPUT", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT":
            return ConnectorError(.invalidInput, message: "Linear: \(message)")
        default:
            return ConnectorError(.upstreamError, message: "Linear: \(message)\(code.isEmpty ? "" : " (\(code))")", retryable: response.status >= 500)
        }
    }
}
