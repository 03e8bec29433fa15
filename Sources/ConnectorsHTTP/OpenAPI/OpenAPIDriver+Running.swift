import PlugboardCore

extension OpenAPIDriver {
    /// Sends one operation with validated input and returns the response; an OAuth2 credential the service refuses
    /// (401) is refreshed and the request sent once more.
    ///
    /// 2xx and 3xx answers are returned. 401, 403, 429 and 5xx are raised as `HTTPStatusFailure` says; 404 is raised as
    /// `not_found`, 409 as `conflict` and other 4xx as `invalid_input`, each carrying `{status, body}`.
    static func run(_ operation: OpenAPIOperation, session: OpenAPISession, input: JSONValue, context: CallContext) async throws -> JSONValue {
        let request = try OpenAPIRequestBuilder(operation: operation, defaultHeaders: session.configuration.headers).build(input)
        let schemes = session.spec.securitySchemes
        // The credential applies as this operation's security requirement says.
        let response = try await session.client.exchange(request, context: context) { credential throws(ConnectorError) in
            try OpenAPIAuthentication.make(for: operation, schemes: schemes, credential: credential)
        }.response
        let redactor = context.redactor.redactor
        if let error = HTTPStatusFailure.error(for: response, service: session.service, redactor: redactor) ?? clientFailure(response, operation, session, redactor) {
            throw error
        }
        let decoded = operation.method == "HEAD"
            ? HTTPResponseBody(value: "", encoding: .text) : HTTPResponseBody(bytes: response.body, contentType: response.header("Content-Type"))
        return [
            "status": .integer(Int64(response.status)), "headers": .object(HeaderList.joinedObject(response.headers)),
            "body": decoded.value, "bodyEncoding": .string(decoded.encoding.rawValue),
        ]
    }

    /// The error for a 4xx answer `HTTPStatusFailure` leaves to the caller, or nil below 400.
    private static func clientFailure(
        _ response: HTTPResponseMessage, _ operation: OpenAPIOperation, _ session: OpenAPISession, _ redactor: Redactor
    ) -> ConnectorError? {
        let status = response.status
        guard (400...499).contains(status) else { return nil }
        let details: JSONValue = ["status": .integer(Int64(status)), "body": .string(redactor.redact(HTTPStatusFailure.excerpt(response.body)))]
        let call = "\(operation.method) \(operation.path)"
        switch status {
        case 404:
            return ConnectorError(
                .notFound, message: "\(session.service) answered 404 Not Found to \(call).", cause: "What the input names does not exist.",
                fix: "Check the identifiers in the input.", details: details)
        case 409:
            return ConnectorError(
                .conflict, message: "\(session.service) answered 409 Conflict to \(call).", cause: "The request conflicts with the current state.",
                fix: "Read the current state and try again.", details: details)
        default:
            return ConnectorError(
                .invalidInput, message: "\(session.service) refused \(call) with HTTP \(status).",
                cause: "The service did not accept the input.", fix: "Read the response body in the details and correct the input.",
                details: details)
        }
    }
}
