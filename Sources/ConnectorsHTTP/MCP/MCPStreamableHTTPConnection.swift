import PlugboardCore
import Synchronization

/// MCP over Streamable HTTP (2025-03-26 and later): each message is a POST to the server URL, answered with JSON
/// or with an event stream that carries the answer; `Mcp-Session-Id` and `MCP-Protocol-Version` follow `initialize`.
final class MCPStreamableHTTPConnection: MCPConnection {
    private struct State {
        var nextID: Int64 = 1
        var sessionID: String?
        var protocolVersion: String?
        var toolsChanged = false
    }

    let configuration: MCPConfiguration
    private let state = Mutex(State())

    init(configuration: MCPConfiguration) {
        self.configuration = configuration
    }

    var isOpen: Bool { true }

    func agreed(protocolVersion: String) {
        state.withLock { $0.protocolVersion = protocolVersion }
    }

    func takeToolsChanged() -> Bool {
        state.withLock { state in
            defer { state.toolsChanged = false }
            return state.toolsChanged
        }
    }

    func request(_ method: String, params: JSONValue?, call: MCPCall) async throws -> JSONValue {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let body = MCPMessage.request(id: id, method: method, params: params)
        let service = configuration.service
        let answer = try await TimeLimit.run(until: call.requestDeadline, orThrow: MCPFailure.timedOut(service, method: method)) {
            try await self.exchange(body, id: id, method: method, call: call)
        }
        return try call.result(of: answer, method: method)
    }

    func notify(_ method: String, params: JSONValue?, call: MCPCall) async throws {
        let response = try await post(MCPMessage.notification(method: method, params: params), call: call)
        if response.status == 404, state.withLock({ $0.sessionID }) != nil { throw MCPSessionExpired() }
        if let failure = await call.failure(for: response) { throw failure }
    }

    func close() async {}

    /// POSTs one message with the session's headers.
    private func post(_ body: [UInt8], call: MCPCall) async throws -> HTTPStreamingResponse {
        var headers = [("Accept", "application/json, text/event-stream"), ("Content-Type", "application/json")]
        let (sessionID, version) = state.withLock { ($0.sessionID, $0.protocolVersion) }
        if let sessionID { headers.append(("Mcp-Session-Id", sessionID)) }
        if let version { headers.append(("MCP-Protocol-Version", version)) }
        return try await call.stream(method: "POST", url: configuration.serverURL, headers: headers, body: body)
    }

    /// Sends request `id` and reads its answer from a JSON body or an event stream.
    private func exchange(_ body: [UInt8], id: Int64, method: String, call: MCPCall) async throws -> MCPMessage {
        let response = try await post(body, call: call)
        let hadSession = state.withLock { $0.sessionID } != nil
        if response.status == 404, hadSession { throw MCPSessionExpired() }
        if let failure = await call.failure(for: response) { throw failure }
        if method == "initialize", let sessionID = response.header("Mcp-Session-Id"), !sessionID.isEmpty {
            state.withLock { $0.sessionID = sessionID }
        }
        let service = configuration.service
        let contentType = HTTPResponseBody.mediaType(response.header("Content-Type"))
        switch contentType {
        case "text/event-stream":
            return try await answer(to: id, method: method, inEvents: response.body, call: call)
        case "application/json":
            let bytes = try await call.collect(response.body)
            guard let parsed = try? JSONParser.parse(bytes), let messages = MCPMessage.messages(in: parsed) else {
                throw MCPFailure.protocolViolation(service, "the answer to '\(method)' is not JSON-RPC.", excerpt: HTTPStatusFailure.excerpt(bytes))
            }
            for message in messages { try await handle(message, call: call) }
            guard let answer = messages.first(where: { $0.answeredID.map { Self.matches($0, id) } ?? false }) else {
                throw MCPFailure.protocolViolation(service, "the JSON answer to '\(method)' does not answer request \(id).")
            }
            return answer
        default:
            let kind = response.status == 202 ? "202 Accepted with no answer" : "content type \(contentType ?? "none")"
            throw MCPFailure.protocolViolation(service, "'\(method)' was answered with \(kind); expected JSON or an event stream.")
        }
    }

    /// Reads an event stream until the answer to `id` arrives, answering the server's own requests on the way.
    private func answer(
        to id: Int64, method: String, inEvents body: AsyncThrowingStream<[UInt8], any Error>, call: MCPCall
    ) async throws -> MCPMessage {
        let service = configuration.service
        var parser = ServerSentEventParser(maximumEventBytes: configuration.maxResponseBytes)
        for try await part in body {
            let events: [ServerSentEvent]
            do {
                events = try parser.feed(part)
            } catch {
                throw MCPFailure.tooLarge(service, limit: configuration.maxResponseBytes)
            }
            for event in events where event.type == "message" {
                guard let parsed = try? JSONParser.parse(event.data), let messages = MCPMessage.messages(in: parsed) else {
                    throw MCPFailure.protocolViolation(service, "an event in the answer to '\(method)' is not JSON-RPC.", excerpt: String(event.data.prefix(2048)))
                }
                for message in messages {
                    if let answered = message.answeredID, Self.matches(answered, id) { return message }
                    try await handle(message, call: call)
                }
            }
        }
        throw MCPFailure.protocolViolation(service, "the event stream ended without an answer to '\(method)'.")
    }

    /// Acts on a message that is not the awaited answer: answers server requests, notes a changed tool list.
    private func handle(_ message: MCPMessage, call: MCPCall) async throws {
        switch message {
        case .request(let id, let method, _):
            let response = try await post(MCPMessage.reply(toRequest: id, method: method), call: call)
            _ = await call.failure(for: response)
        case .notification(let method, _) where method == "notifications/tools/list_changed":
            state.withLock { $0.toolsChanged = true }
        default:
            break
        }
    }

    /// Whether a JSON-RPC id the server sent back is the integer id this client sent.
    static func matches(_ answered: JSONValue, _ id: Int64) -> Bool {
        answered.integerValue == id || answered.stringValue == String(id)
    }
}
