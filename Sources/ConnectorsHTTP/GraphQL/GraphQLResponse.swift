import PlugboardCore

/// A GraphQL service's answer to one request: `data`, `errors` and `extensions`, or the error it amounts to.
///
/// `errors[]` makes the answer a failure even with HTTP 200. Errors with no `data` member and no `path` are request
/// errors (the document or its variables were refused before running) and become `invalid_input`; the others are
/// field errors and become `upstream_error` carrying the partial data. `extensions.code` of `UNAUTHENTICATED`, `FORBIDDEN`
/// or `RATELIMITED` maps to the matching code.
struct GraphQLResponse {
    /// `data` as the service sent it; nil when the member is absent.
    var data: JSONValue?
    /// The `errors` list; empty on success.
    var errors: [JSONValue]
    /// The `extensions` member, when present.
    var extensions: JSONValue?

    /// Reads `response`; throws for failing statuses and bodies that are not GraphQL responses.
    init(_ response: HTTPResponseMessage, service: String, redactor: Redactor) throws(ConnectorError) {
        if let failure = HTTPStatusFailure.error(for: response, service: service, redactor: redactor) { throw failure }
        guard let object = (try? JSONParser.parse(response.body))?.objectValue, object["data"] != nil || object["errors"] != nil else {
            let isSuccess = (200...299).contains(response.status)
            throw ConnectorError(
                .upstreamError,
                message: isSuccess
                    ? "\(service) did not answer with a GraphQL response (a JSON object with data or errors)."
                    : "\(service) answered \(response.status) without a GraphQL response.",
                cause: "The endpoint URL may not point at the GraphQL endpoint.", fix: "Check the endpoint URL, such as https://host/graphql.",
                retryable: false,
                details: ["status": .integer(Int64(response.status)), "body": .string(redactor.redact(HTTPStatusFailure.excerpt(response.body)))])
        }
        data = object["data"]
        switch object["errors"] {
        case .array(let list)?: errors = list
        case nil, .null?: errors = []
        case let other?: errors = [other]
        }
        extensions = object["extensions"]
        if errors.isEmpty, !(200...299).contains(response.status) {
            throw ConnectorError(
                .upstreamError, message: "\(service) answered \(response.status).", retryable: false,
                details: ["status": .integer(Int64(response.status)), "data": data ?? .null])
        }
    }

    /// `{data, extensions?}` on success; throws the error `errors[]` amounts to, with `data` and `errors` in its details.
    func result(service: String, redactor: Redactor) throws(ConnectorError) -> JSONValue {
        guard let first = errors.first else {
            var output: JSONObject = ["data": data ?? .null]
            if let extensions { output["extensions"] = extensions }
            return .object(output)
        }
        let details: JSONValue = ["data": data ?? .null, "errors": .array(errors)]
        let summary = Self.summary(first, count: errors.count)
        switch first["extensions"]?["code"]?.stringValue?.uppercased() {
        case "UNAUTHENTICATED"?:
            throw redactor.redact(ConnectorError(.authenticationFailed, message: "\(service) refused the credential: \(summary)", details: details))
        case "FORBIDDEN"?:
            throw redactor.redact(ConnectorError(.permissionDenied, message: "\(service) refused the operation: \(summary)", details: details))
        case "RATELIMITED"?, "RATE_LIMITED"?:
            throw redactor.redact(ConnectorError(.rateLimited, message: "\(service) is limiting requests: \(summary)", details: details))
        default:
            break
        }
        let isRequestError = data == nil && !errors.contains { !($0["path"]?.arrayValue ?? []).isEmpty }
        guard !isRequestError else {
            throw redactor.redact(
                ConnectorError(
                    .invalidInput, message: "\(service) refused the request: \(summary)",
                    cause: "The document or its variables do not match the service's schema.",
                    fix: "Correct the query or variables; the introspect action lists the types, fields and arguments.", field: "query",
                    details: details))
        }
        throw redactor.redact(
            ConnectorError(
                .upstreamError, message: "\(service) answered with errors: \(summary) The partial data is in details.data.",
                cause: "Some fields could not be resolved by the service.", fix: "Read details.errors; each names the failing field by its path.",
                retryable: false, details: details))
    }

    /// The first error's message (at most 300 characters), its path, and how many more there are.
    private static func summary(_ error: JSONValue, count: Int) -> String {
        var text = error["message"]?.stringValue ?? "an error without a message"
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        if let path = error["path"]?.arrayValue, !path.isEmpty {
            text += " (at \(path.map { $0.stringValue ?? $0.jsonString() }.joined(separator: ".")))"
        }
        if !text.hasSuffix(".") { text += "." }
        if count > 1 { text += " \(count - 1) more error\(count == 2 ? "" : "s") in details.errors." }
        return text
    }
}
