import PlugboardCore

/// The one way HTTP nodes talk to their service: the base URL and default headers, the call's credential applied
/// (its derived secrets joining the call's redactor), per-attempt deadlines, retries with back-off and
/// `Retry-After`, one refresh-and-resend after a 401 for OAuth2, and failure statuses mapped to the taxonomy.
///
/// A node declares its `HTTPService` and sends requests; it does not assemble calls itself.
public struct HTTPServiceClient: Sendable {
    /// What the node declared about its service.
    public let service: HTTPService
    /// The guarded transport of the node's session.
    public let transport: any HTTPTransport

    public init(service: HTTPService, transport: any HTTPTransport) {
        self.service = service
        self.transport = transport
    }

    /// Sends `request` and returns the response whatever its status (a node that branches on 404 reads it), with the
    /// attempts it took.
    ///
    /// Connection failures come out as `ConnectorError`s; statuses are not judged here (`check` judges them).
    ///
    /// `authenticate` replaces the service's way of applying the credential for this request (an OpenAPI operation's
    /// own security requirement).
    public func exchange(
        _ request: HTTPServiceRequest, context: CallContext, authenticate: HTTPCallAuthentication.Authenticate? = nil
    ) async throws(ConnectorError) -> HTTPExchange {
        var credential = try HTTPCallAuthentication(context: context, authenticate: authenticate ?? service.authenticate)
        var exchange = try await attempt(request, with: credential.authentication, context: context)
        if try await credential.refresh(after: exchange.response.status, context: context, service: service.name) {
            let resent = try await attempt(request, with: credential.authentication, context: context)
            exchange = HTTPExchange(response: resent.response, attempts: exchange.attempts + resent.attempts)
        }
        return exchange
    }

    /// Throws what a failed response means: 401, 403, 429 and 5xx (or what the service's own reading finds) as errors
    /// carrying the status and a redacted excerpt of the body. Other statuses pass.
    public func check(_ response: HTTPResponseMessage, context: CallContext) throws(ConnectorError) {
        let redactor = context.redactor.redactor
        if let failure = service.failure(response, redactor) ?? HTTPStatusFailure.error(for: response, service: service.name, redactor: redactor) {
            throw failure
        }
    }

    /// Sends `request` and returns a response that passed `check`.
    public func send(_ request: HTTPServiceRequest, context: CallContext) async throws(ConnectorError) -> HTTPResponseMessage {
        let response = try await exchange(request, context: context).response
        try check(response, context: context)
        return response
    }

    /// Sends `request` and parses a successful answer as JSON; a body that is not JSON is `upstream_error`, and so is
    /// an empty one unless `emptyIsNull` (a service that answers 204 or nothing: null).
    public func sendJSON(_ request: HTTPServiceRequest, emptyIsNull: Bool = false, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let response = try await send(request, context: context)
        if emptyIsNull, response.status == 204 || response.body.isEmpty { return .null }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw ConnectorError(
                .upstreamError, message: "\(service.name) answered \(response.status) with a body that is not JSON.",
                details: ["status": .integer(Int64(response.status)),
                          "body": .string(context.redactor.redact(HTTPStatusFailure.excerpt(response.body)))])
        }
    }

    /// The message `request` becomes with `authentication` applied: URL, headers in precedence order, body.
    func message(for request: HTTPServiceRequest, with authentication: HTTPAuthentication) -> HTTPRequestMessage {
        var headers = HeaderList(service.defaultHeaders)
        headers.set(contentsOf: request.headers)
        headers.set(contentsOf: authentication.headers)
        headers.setDefaultUserAgent()
        var message = HTTPRequestMessage(
            method: request.method, url: url(for: request, with: authentication), headers: headers.fields, body: request.body)
        message.credentialHeaders = authentication.credentialHeaders
        return message
    }

    /// The request's URL: the base URL, the credential's path segment and the path, then the base URL's own query,
    /// the path's, the request's parameters and the credential's. A URL the service handed out is taken as it is,
    /// with only the credential's parameters it lacks added (a next-page link usually repeats them).
    func url(for request: HTTPServiceRequest, with authentication: HTTPAuthentication) -> String {
        if let absolute = request.absoluteURL {
            let present = Set(PercentEncoding.queryNames(of: absolute))
            let missing = authentication.query.filter { !present.contains($0.0) }
            return missing.isEmpty ? absolute : absolute + (absolute.contains("?") ? "&" : "?") + PercentEncoding.query(missing)
        }
        let (base, baseQuery) = Self.splitQuery(service.baseURL)
        let (path, pathQuery) = Self.splitQuery(request.path)
        let parts = [baseQuery, pathQuery, PercentEncoding.query(request.query), PercentEncoding.query(authentication.query)]
            .filter { !$0.isEmpty }
        let url = base + authentication.pathPrefix + path
        return parts.isEmpty ? url : url + "?" + parts.joined(separator: "&")
    }

    /// `url` before its `?`, and the query after it (empty when there is none).
    private static func splitQuery(_ url: String) -> (String, String) {
        guard let mark = url.firstIndex(of: "?") else { return (url, "") }
        return (String(url[..<mark]), String(url[url.index(after: mark)...]))
    }

    private func attempt(
        _ request: HTTPServiceRequest, with authentication: HTTPAuthentication, context: CallContext
    ) async throws(ConnectorError) -> HTTPExchange {
        try await service.retryPolicy.send(
            message(for: request, with: authentication), through: transport, attemptTimeout: service.attemptTimeout, context: context,
            service: service.name, retryAfter: service.retryAfter, isRefusal: service.isRefusal)
    }
}
