import Foundation
import PlugboardCore
import Synchronization

/// MCP over the legacy HTTP+SSE transport (2024-11-05): a GET event stream whose first `endpoint` event names the URL
/// to POST messages to; answers come back on the stream, matched by id.
///
/// The connection owns the task that reads the stream; `close()` cancels it, which closes the stream's connection.
final class MCPSSEConnection: MCPConnection {
    private struct State {
        var nextID: Int64 = 1
        var endpoint: String?
        var reader: Task<Void, Never>?
        var open = true
        var toolsChanged = false
        /// The call that sent the latest request; the server's own requests (ping) are answered with its credential.
        var lastCall: MCPCall?
    }

    let configuration: MCPConfiguration
    private let state = Mutex(State())
    private let replies = MCPMailbox<MCPMessage>()
    private let endpoint = MCPMailbox<String>()
    /// The `endpoint` event's key in its mailbox.
    private static let endpointKey: Int64 = 0

    private init(configuration: MCPConfiguration) {
        self.configuration = configuration
    }

    /// Opens the event stream and waits for the server to name its message endpoint.
    static func open(configuration: MCPConfiguration, call: MCPCall) async throws -> MCPSSEConnection {
        let service = configuration.service
        let response = try await call.stream(
            method: "GET", url: configuration.serverURL, headers: [("Accept", "text/event-stream"), ("Cache-Control", "no-cache")], body: nil)
        if let failure = await call.failure(for: response) { throw failure }
        guard HTTPResponseBody.mediaType(response.header("Content-Type")) == "text/event-stream" else {
            throw MCPFailure.protocolViolation(
                service, "\(configuration.serverURL) answered with \(response.header("Content-Type") ?? "no content type"), not an event stream.")
        }
        let connection = MCPSSEConnection(configuration: configuration)
        connection.endpoint.expect(endpointKey)
        let body = response.body
        let reader = Task { await connection.read(body) }
        connection.state.withLock { $0.reader = reader }
        do {
            let url = try await TimeLimit.run(
                until: call.requestDeadline,
                orThrow: MCPFailure.protocolViolation(service, "the event stream named no message endpoint in time.")
            ) { try await connection.endpoint.wait(for: endpointKey) }
            connection.state.withLock { $0.endpoint = url }
            return connection
        } catch {
            await connection.close()
            throw error
        }
    }

    var isOpen: Bool { state.withLock { $0.open } }

    func agreed(protocolVersion: String) {}

    func takeToolsChanged() -> Bool {
        state.withLock { state in
            defer { state.toolsChanged = false }
            return state.toolsChanged
        }
    }

    func request(_ method: String, params: JSONValue?, call: MCPCall) async throws -> JSONValue {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            state.lastCall = call
            return state.nextID
        }
        let service = configuration.service
        replies.expect(id)
        let answer: MCPMessage
        do {
            try await post(MCPMessage.request(id: id, method: method, params: params), call: call)
            answer = try await TimeLimit.run(until: call.requestDeadline, orThrow: MCPFailure.timedOut(service, method: method)) {
                try await self.replies.wait(for: id)
            }
        } catch {
            replies.forget(id)
            throw error
        }
        return try call.result(of: answer, method: method)
    }

    func notify(_ method: String, params: JSONValue?, call: MCPCall) async throws {
        try await post(MCPMessage.notification(method: method, params: params), call: call)
    }

    func close() async {
        let reader = state.withLock { state in
            state.open = false
            state.lastCall = nil
            defer { state.reader = nil }
            return state.reader
        }
        reader?.cancel()
        await reader?.value
        replies.close(with: MCPFailure.streamClosed(configuration.service))
    }

    /// POSTs one message to the endpoint; the answer arrives on the stream. A 404 means the server forgot the session.
    private func post(_ body: [UInt8], call: MCPCall) async throws {
        guard let url = state.withLock({ $0.open ? $0.endpoint : nil }) else { throw MCPFailure.streamClosed(configuration.service) }
        let response = try await call.stream(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body)
        if response.status == 404 { throw MCPSessionExpired() }
        if let failure = await call.failure(for: response) { throw failure }
    }

    /// Reads the event stream until it ends, delivering the endpoint and answers; then fails whoever still waits.
    private func read(_ body: AsyncThrowingStream<[UInt8], any Error>) async {
        let service = configuration.service
        var parser = ServerSentEventParser(maximumEventBytes: configuration.maxResponseBytes)
        var failure = MCPFailure.streamClosed(service)
        do {
            for try await part in body {
                for event in try parser.feed(part) { try await dispatch(event) }
            }
        } catch let error as ConnectorError {
            failure = error
        } catch is ServerSentEventParser.EventTooLarge {
            failure = MCPFailure.tooLarge(service, limit: configuration.maxResponseBytes)
        } catch {}
        state.withLock { $0.open = false }
        endpoint.close(with: failure)
        replies.close(with: failure)
    }

    private func dispatch(_ event: ServerSentEvent) async throws {
        let service = configuration.service
        switch event.type {
        case "endpoint":
            endpoint.deliver(try resolveEndpoint(event.data), for: Self.endpointKey)
        case "message":
            guard let parsed = try? JSONParser.parse(event.data), let messages = MCPMessage.messages(in: parsed) else {
                throw MCPFailure.protocolViolation(service, "an event on the stream is not JSON-RPC.", excerpt: String(event.data.prefix(2048)))
            }
            for message in messages { handle(message) }
        default:
            break
        }
    }

    private func handle(_ message: MCPMessage) {
        switch message {
        case .result(let id, _), .error(let id, _, _, _):
            guard let key = id.integerValue ?? id.stringValue.flatMap({ Int64($0) }) else { return }
            replies.deliver(message, for: key)
        case .request(let id, let method, _):
            // Answered on the side, so the stream keeps being read; the server only learns this client declines.
            guard let call = state.withLock({ $0.lastCall }) else { return }
            Task { try? await self.post(MCPMessage.reply(toRequest: id, method: method), call: call) }
        case .notification(let method, _):
            if method == "notifications/tools/list_changed" { state.withLock { $0.toolsChanged = true } }
        }
    }

    /// The endpoint URL, resolved against the stream's URL; it must stay on the same origin.
    private func resolveEndpoint(_ text: String) throws(ConnectorError) -> String {
        let service = configuration.service
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let base = URL(string: configuration.serverURL), let resolved = URL(string: trimmed, relativeTo: base)?.absoluteURL,
            let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else {
            throw MCPFailure.protocolViolation(service, "the endpoint event named '\(trimmed.prefix(200))', which is not a URL.")
        }
        guard resolved.scheme?.lowercased() == base.scheme?.lowercased(), resolved.host?.lowercased() == base.host?.lowercased(),
            resolved.port == base.port
        else {
            throw MCPFailure.protocolViolation(service, "the endpoint event names another origin (\(resolved.host ?? "?")); it must stay on \(service).")
        }
        return resolved.absoluteString
    }
}
