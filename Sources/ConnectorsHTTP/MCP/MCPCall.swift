import PlugboardCore
import Synchronization

/// One execution's way to the MCP server: the connector's headers and the call's credential on every request,
/// and one OAuth2 token refresh after a 401.
final class MCPCall: Sendable {
    /// The runtime's context for this execution.
    let context: CallContext
    let configuration: MCPConfiguration
    let transport: any HTTPTransport
    private let credential: Mutex<HTTPCallAuthentication>

    /// Reads the call's credential; throws `authentication_failed` when it lacks its secret.
    init(context: CallContext, configuration: MCPConfiguration, transport: any HTTPTransport) throws(ConnectorError) {
        self.context = context
        self.configuration = configuration
        self.transport = transport
        self.credential = Mutex(try HTTPCallAuthentication(context: context))
    }

    /// Redacts every secret the call's authentication put on the wire, refreshed tokens included.
    var redactor: Redactor { credential.withLock { $0.redactor } }

    /// When one request must be answered: the connector's timeout, never past the execution's deadline.
    var requestDeadline: ContinuousClock.Instant { min(context.deadline, .now + configuration.timeout) }

    /// Sends a request with the connector's headers, `extra` headers and the credential, and returns the response head
    /// with its body still arriving. A 401 refreshes an OAuth2 token once and repeats the request; other statuses are
    /// returned for the caller to judge.
    func stream(method: String, url: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> HTTPStreamingResponse {
        var response = try await send(method: method, url: url, headers: extra, body: body)
        if try await refreshCredential(after: response.status) {
            response = try await send(method: method, url: url, headers: extra, body: body)
        }
        return response
    }

    private func send(method: String, url: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> HTTPStreamingResponse {
        let (auth, redactor) = credential.withLock { ($0.authentication, $0.redactor) }
        var headers = HeaderList(configuration.headers)
        headers.setDefaultUserAgent()
        headers.set(contentsOf: extra)
        headers.set(contentsOf: auth.headers)
        var request = HTTPRequestMessage(method: method, url: auth.url(appendingQueryTo: url), headers: headers.fields, body: body)
        request.credentialHeaders = auth.credentialHeaders
        do {
            return try await transport.stream(request, deadline: requestDeadline)
        } catch let error as ConnectorError {
            throw redactor.redact(error)
        }
    }

    /// After a 401, asks the runtime for a fresh OAuth2 token once per call; true when there is a new credential to try.
    private func refreshCredential(after status: Int) async throws(ConnectorError) -> Bool {
        let (claimed, redactor) = credential.withLock { ($0.claimRefresh(after: status, credential: context.credential), $0.redactor) }
        guard claimed,
            let fresh = try await HTTPCallAuthentication.refreshedCredential(context: context, service: configuration.service, redactor: redactor)
        else { return false }
        try credential.withLock { (state) throws(ConnectorError) in try state.renew(with: fresh) }
        return true
    }

    /// The result an answer to `method` carries; a JSON-RPC error is thrown redacted, anything else is a protocol violation.
    func result(of answer: MCPMessage, method: String) throws(ConnectorError) -> JSONValue {
        let service = configuration.service
        switch answer {
        case .result(_, let result): return result
        case .error(_, let code, let message, let data):
            throw redactor.redact(MCPFailure.rpcError(service, method: method, code: code, message: message, data: data))
        default: throw MCPFailure.protocolViolation(service, "the answer to '\(method)' is not a response.")
        }
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
