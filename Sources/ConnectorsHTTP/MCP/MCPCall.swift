import PlugboardCore
import Synchronization

/// One execution's way to the MCP server: the connector's headers and the call's credential on every request,
/// and one OAuth2 token refresh after a 401.
final class MCPCall: Sendable {
    /// The runtime's context for this execution.
    let context: DriverContext
    let configuration: MCPConfiguration
    let transport: any HTTPTransport
    private let authentication: Mutex<HTTPAuthentication>
    private let refreshed = Mutex(false)

    /// Reads the call's credential; throws `authentication_failed` when it lacks its secret.
    init(context: DriverContext, configuration: MCPConfiguration, transport: any HTTPTransport) throws(ConnectorError) {
        self.context = context
        self.configuration = configuration
        self.transport = transport
        self.authentication = Mutex(try HTTPAuthentication(credential: context.credential))
    }

    /// Redacts every secret the call's authentication put on the wire.
    var redactor: Redactor { authentication.withLock { $0.redactor } }

    /// When one request must be answered: the connector's timeout, never past the execution's deadline.
    var requestDeadline: ContinuousClock.Instant { min(context.deadline, .now + configuration.timeout) }

    /// Sends a request with the connector's headers, `extra` headers and the credential, and returns the response head
    /// with its body still arriving. A 401 refreshes an OAuth2 token once and repeats the request; other statuses are
    /// returned for the caller to judge.
    func stream(method: String, url: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> HTTPStreamingResponse {
        var response = try await send(method: method, url: url, headers: extra, body: body)
        if response.status == 401, try await refreshCredential() {
            response = try await send(method: method, url: url, headers: extra, body: body)
        }
        return response
    }

    private func send(method: String, url: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> HTTPStreamingResponse {
        let auth = authentication.withLock { $0 }
        var headers = HeaderList(configuration.headers)
        if !headers.contains("User-Agent") { headers.set("User-Agent", RESTDriver.userAgent) }
        headers.set(contentsOf: extra)
        headers.set(contentsOf: auth.headers)
        var target = url
        if !auth.query.isEmpty {
            target += (url.contains("?") ? "&" : "?") + PercentEncoding.query(auth.query)
        }
        var request = HTTPRequestMessage(method: method, url: target, headers: headers.fields, body: body)
        request.credentialHeaders = auth.credentialHeaders
        do {
            return try await transport.stream(request, deadline: requestDeadline)
        } catch let error as ConnectorError {
            throw auth.redactor.redact(error)
        }
    }

    /// Asks the runtime for a fresh token once per call; true when there is a new credential to try.
    private func refreshCredential() async throws -> Bool {
        let first = refreshed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first, let fresh = try await context.refreshCredential() else { return false }
        let renewed = try HTTPAuthentication(credential: fresh)
        authentication.withLock { $0 = renewed }
        return true
    }

    /// Reads a whole body, refusing more than the connector's `maxResponseBytes`.
    func collect(_ body: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
        let limit = configuration.maxResponseBytes
        var bytes: [UInt8] = []
        for try await part in body {
            bytes += part
            if bytes.count > limit { throw MCPFailure.tooLarge(configuration.service, limit: limit) }
        }
        return bytes
    }

    /// The error for a failed status, with the start of its body in the details.
    func failure(for response: HTTPStreamingResponse) async -> ConnectorError? {
        guard !(200...299).contains(response.status) else { return nil }
        var excerpt: [UInt8] = []
        do {
            for try await part in response.body {
                excerpt += part
                if excerpt.count >= HTTPStatusFailure.bodyExcerptLimit { break }
            }
        } catch {}
        return MCPFailure.status(response.status, body: excerpt, headers: response.headers, config: configuration, redactor: redactor)
    }
}
