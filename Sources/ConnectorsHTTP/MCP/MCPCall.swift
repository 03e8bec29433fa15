import PlugboardCore

/// One execution's way to the MCP server: the session's HTTP service client (the connector's headers and the call's
/// credential on every request, one OAuth2 refresh after a 401) and the execution's deadline.
struct MCPCall: Sendable {
    /// The runtime's context for this execution.
    let context: CallContext
    let configuration: MCPConfiguration
    let client: HTTPServiceClient

    /// Redacts every secret the call put on the wire, refreshed tokens included.
    var redactor: Redactor { context.redactor.redactor }

    /// When one request must be answered: the connector's timeout, never past the execution's deadline.
    var requestDeadline: ContinuousClock.Instant { min(context.deadline, .now + configuration.timeout) }

    /// Sends a request with the connector's headers, `extra` headers and the credential, and returns the response head
    /// with its body still arriving; statuses are returned for the caller to judge.
    func stream(method: String, url: String, headers extra: [(String, String)], body: [UInt8]?) async throws -> HTTPStreamingResponse {
        try await client.streamExchange(.to(url, method: method, headers: extra, body: body), context: context)
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
        let head = await response.failedHead()
        return MCPFailure.status(head.status, body: head.body, headers: head.headers, config: configuration, redactor: redactor)
    }
}
