import PlugboardCore

/// Errors of the API itself (as opposed to connectors): authentication, authorization, bodies.
enum APIError {
    static let unauthorized = ConnectorError(.unauthorized, message: "A valid API token is required.")

    /// The token's role is below what the route needs.
    static func forbidden(_ needed: String) -> ConnectorError {
        ConnectorError(
            .permissionDenied, message: "This token's role may not \(needed).",
            cause: "The API token's role is too low for this request.", fix: "Use a token with a higher role, or ask an admin.")
    }

    static func malformedJSON(_ reason: String) -> ConnectorError {
        ConnectorError(.invalidInput, message: "The request body is not valid JSON: \(reason).", fix: "Send a JSON document with Content-Type: application/json.")
    }

    static func bodyTooLarge(_ limit: Int) -> ConnectorError {
        ConnectorError(.payloadTooLarge, message: "The request body is larger than \(limit) bytes.")
    }

    static func expectedObject() -> ConnectorError {
        ConnectorError(.invalidInput, message: "The request body must be a JSON object.")
    }
}
