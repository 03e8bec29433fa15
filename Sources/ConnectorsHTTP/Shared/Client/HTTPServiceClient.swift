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

    /// Sends `request` and returns the response whatever its status (a node that branches on 404 reads it).
    ///
    /// Connection failures come out as `ConnectorError`s; statuses are not judged here.
    ///
    /// `authenticate` replaces the service's way of applying the credential for this request (an OpenAPI operation's
    /// own security requirement).
    public func exchange(
        _ request: HTTPServiceRequest, context: CallContext, authenticate: HTTPCallAuthentication.Authenticate? = nil
    ) async throws(ConnectorError) -> HTTPResponseMessage {
        var credential = try HTTPCallAuthentication(context: context, authenticate: authenticate ?? service.authenticate)
        var response = try await attempt(request, with: credential.authentication, context: context)
        if try await credential.refresh(after: response.status, context: context, service: service.name) {
            response = try await attempt(request, with: credential.authentication, context: context)
        }
        return response
    }

    /// Sends `request` and returns a response that succeeded; 401, 403, 429 and 5xx (or what the service's own
    /// reading finds) are thrown as errors carrying the status and a redacted excerpt of the body.
    public func send(_ request: HTTPServiceRequest, context: CallContext) async throws(ConnectorError) -> HTTPResponseMessage {
        let response = try await exchange(request, context: context)
        let redactor = context.redactor.redactor
        if let failure = service.failure(response, redactor) ?? HTTPStatusFailure.error(for: response, service: service.name, redactor: redactor) {
            throw failure
        }
        return response
    }

    /// Sends `request` and parses a successful answer as JSON; a body that is not JSON is `upstream_error`.
    public func sendJSON(_ request: HTTPServiceRequest, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let response = try await send(request, context: context)
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
        var url = request.absoluteURL ?? service.baseURL + authentication.pathPrefix + request.path
        if !request.query.isEmpty { url += (url.contains("?") ? "&" : "?") + PercentEncoding.query(request.query) }
        var headers = HeaderList(service.defaultHeaders)
        headers.set(contentsOf: request.headers)
        headers.set(contentsOf: authentication.headers)
        headers.setDefaultUserAgent()
        var message = HTTPRequestMessage(
            method: request.method, url: authentication.url(appendingQueryTo: url), headers: headers.fields, body: request.body)
        message.credentialHeaders = authentication.credentialHeaders
        return message
    }

    private func attempt(
        _ request: HTTPServiceRequest, with authentication: HTTPAuthentication, context: CallContext
    ) async throws(ConnectorError) -> HTTPResponseMessage {
        let message = message(for: request, with: authentication)
        return try await service.retryPolicy.send(
            message, through: transport, attemptTimeout: service.attemptTimeout, context: context, service: service.name
        ).response
    }
}
