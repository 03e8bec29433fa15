import Foundation
import Logging
import MCP
import PlugboardCore

/// One MCP session over Streamable HTTP, as the SDK's `Server` sees it: a `Transport` whose messages arrive as
/// HTTP requests (`handleRequest`) and leave on Server-Sent Event streams.
///
/// - POST of a request: answered on its own SSE stream (a priming event, then the response, then the end); a request
///   of one of the `MCPDirectMethods` is answered here, and its two events leave as one `text/event-stream` body.
/// - POST of notifications or responses: 202 Accepted.
/// - GET: the session's stream of server-initiated messages (`notifications/tools/list_changed`); a new GET
///   replaces the previous one, so a client that lost its stream can open another.
/// - GET with `Last-Event-ID`: replays what followed that event on its stream, then carries that stream on.
/// - DELETE: ends the session.
///
/// Resumability is bounded: the session keeps only its last ``MCPReplayBuffer/defaultCapacity`` events (see
/// ``MCPReplayBuffer``), unlike the SDK's `StatefulHTTPServerTransport`, which keeps every message for as long as the
/// session lives.
actor MCPStreamableHTTPTransport: Transport {
    typealias Stream = AsyncThrowingStream<Data, any Error>

    /// A request the server has not answered yet, and the stream its answer goes to.
    private struct PendingRequest {
        var stream: Int
        var continuation: Stream.Continuation
    }

    nonisolated let logger: Logger
    private let sessionID: String
    private let validation: any HTTPRequestValidationPipeline
    private var initialized = false
    private var terminated = false
    private let incoming: Stream
    private let incomingContinuation: Stream.Continuation
    private var pending: [JSONValue: PendingRequest] = [:]
    /// The GET stream (stream number 0), while one is open.
    private var standalone: Stream.Continuation?
    private var lastStream = 0
    private var replay: MCPReplayBuffer
    private let direct: MCPDirectMethods?

    /// A transport for the session `sessionID`; every request passes `validation` first, and requests of `direct`'s
    /// methods are answered by it rather than by the server.
    init(
        sessionID: String, validation: any HTTPRequestValidationPipeline, direct: MCPDirectMethods? = nil,
        replayCapacity: Int = MCPReplayBuffer.defaultCapacity, logger: Logger
    ) {
        self.sessionID = sessionID
        self.validation = validation
        self.direct = direct
        self.replay = MCPReplayBuffer(capacity: replayCapacity)
        self.logger = logger
        (incoming, incomingContinuation) = Stream.makeStream()
    }

    /// How many sent events the session holds for replay (at most the buffer's capacity).
    var retainedEventCount: Int { replay.count }

    // MARK: Transport

    func connect() async throws {}

    func disconnect() async { terminate() }

    func receive() -> Stream { incoming }

    /// Routes a message from the server: a response to its request's stream (which then ends), anything else to
    /// the GET stream.
    func send(_ data: Data) async throws {
        guard !terminated else { throw MCPError.connectionClosed }
        route(data)
    }

    private func route(_ data: Data) {
        guard let kind = MCPMessageKind(data) else {
            logger.warning("MCP transport: an outgoing message is not JSON-RPC; dropped")
            return
        }
        if case .response(let id) = kind {
            respond(to: id, with: data)
        } else {
            let eventID = replay.append(data, stream: 0)
            standalone?.yield(Self.event(id: eventID, data: data))
        }
    }

    /// Sends the response to request `id` on its stream, which then ends.
    private func respond(to id: JSONValue, with data: Data) {
        guard let request = pending.removeValue(forKey: id) else {
            logger.debug("MCP transport: a response for no open request; dropped")
            return
        }
        let eventID = replay.append(data, stream: request.stream)
        request.continuation.yield(Self.event(id: eventID, data: data))
        request.continuation.finish()
    }

    // MARK: HTTP

    /// Answers one HTTP request of this session.
    func handleRequest(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        guard !terminated else {
            return .error(statusCode: 404, .invalidRequest("Not Found: Session has been terminated"), sessionID: sessionID)
        }
        switch request.method.uppercased() {
        case "POST": return await post(request)
        case "GET": return validated(request) ?? get(request)
        case "DELETE":
            if let refusal = validated(request) { return refusal }
            terminate()
            return .ok(headers: sessionHeaders)
        default:
            return .error(
                statusCode: 405, .invalidRequest("Method Not Allowed"), sessionID: sessionID,
                extraHeaders: [HTTPHeaderName.allow: "GET, POST, DELETE"])
        }
    }

    private func post(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        guard let body = request.body, !body.isEmpty else {
            return .error(statusCode: 400, .parseError("Empty request body"), sessionID: sessionID)
        }
        guard let kind = MCPMessageKind(body) else {
            return .error(statusCode: 400, .parseError("Invalid JSON-RPC message"), sessionID: sessionID)
        }
        if let refusal = validated(request, isInitialize: kind.isInitialize) { return refusal }
        guard case .request(let id, _, _) = kind else {
            incomingContinuation.yield(body)
            return .accepted(headers: sessionHeaders)
        }
        if kind.isInitialize {
            guard !initialized else {
                return .error(statusCode: 400, .invalidRequest("Bad Request: Session already initialized"), sessionID: sessionID)
            }
            initialized = true
        }
        guard pending[id] == nil else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: A request with this id is still running"), sessionID: sessionID)
        }
        lastStream += 1
        let (stream, continuation) = Stream.makeStream()
        pending[id] = PendingRequest(stream: lastStream, continuation: continuation)
        let version = kind.requestedProtocolVersion ?? request.header(HTTPHeaderName.protocolVersion) ?? Version.latest
        prime(continuation, stream: lastStream, protocolVersion: version)
        guard case .request(_, let method, let params) = kind, let direct, direct.methods.contains(method) else {
            incomingContinuation.yield(body)
            return .stream(stream, headers: streamHeaders)
        }
        // Answered before the response starts, so the stream's events (the priming one, then the answer) go out as one
        // body in one write; they are kept for replay like any other.
        let answer = await direct.answer(method, params)
        if !terminated { respond(to: id, with: Data(MCPDirectMethods.response(id: id, answer))) }
        var events = Data()
        do {
            for try await event in stream { events.append(event) }
        } catch {}
        return .data(events, headers: streamHeaders)
    }

    private func get(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        let (stream, continuation) = Stream.makeStream(bufferingPolicy: .bufferingNewest(replay.capacity))
        if let lastEventID = request.header(HTTPHeaderName.lastEventID) {
            guard let found = replay.events(after: lastEventID), found.stream <= lastStream else {
                return .error(statusCode: 400, .invalidRequest("Bad Request: Unknown Last-Event-ID"), sessionID: sessionID)
            }
            for event in found.events { continuation.yield(Self.event(id: event.id, data: event.message)) }
            adopt(continuation, asStream: found.stream)
        } else {
            prime(continuation, stream: 0, protocolVersion: request.header(HTTPHeaderName.protocolVersion) ?? Version.latest)
            adopt(continuation, asStream: 0)
        }
        return .stream(stream, headers: streamHeaders)
    }

    /// Makes `continuation` the stream `number`'s from now on, ending the one it replaces; a request stream
    /// whose response was already sent (and replayed) simply ends.
    private func adopt(_ continuation: Stream.Continuation, asStream number: Int) {
        if number == 0 {
            standalone?.finish()
            standalone = continuation
        } else if let id = pending.first(where: { $0.value.stream == number })?.key {
            pending[id]?.continuation.finish()
            pending[id]?.continuation = continuation
        } else {
            continuation.finish()
        }
    }

    /// The validation pipeline's refusal, if any.
    private func validated(_ request: MCP.HTTPRequest, isInitialize: Bool = false) -> MCP.HTTPResponse? {
        let context = HTTPValidationContext(
            httpMethod: request.method.uppercased(), sessionID: initialized ? sessionID : nil,
            isInitializationRequest: isInitialize, supportedProtocolVersions: Version.supported)
        return validation.validate(request, context: context)
    }

    /// Sends a stream's first event: an id without data, so a client cut off before the answer can resume.
    /// Clients older than 2025-03-26 do not expect events without data.
    private func prime(_ continuation: Stream.Continuation, stream: Int, protocolVersion: String) {
        guard protocolVersion >= "2025-03-26" else { return }
        continuation.yield(Data("id: \(replay.nextID(stream: stream))\ndata: \n\n".utf8))
    }

    /// Ends every stream and the server's input; later requests get 404.
    private func terminate() {
        guard !terminated else { return }
        terminated = true
        for request in pending.values { request.continuation.finish() }
        pending.removeAll()
        standalone?.finish()
        standalone = nil
        replay.removeAll()
        incomingContinuation.finish()
    }

    private var sessionHeaders: [String: String] { [HTTPHeaderName.sessionID: sessionID] }

    private var streamHeaders: [String: String] {
        sessionHeaders.merging([HTTPHeaderName.contentType: "text/event-stream", HTTPHeaderName.cacheControl: "no-cache, no-transform"]) { $1 }
    }

    /// One SSE `message` event; each line of the message gets its own `data:` field.
    static func event(id: String, data: Data) -> Data {
        var event: [UInt8] = []
        event.reserveCapacity(data.count + id.utf8.count + 32)
        event += "id: ".utf8
        event += id.utf8
        event += "\nevent: message\ndata: ".utf8
        data.withUnsafeBytes { bytes in
            var start = 0
            while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                event += bytes[start..<newline]
                event += "\ndata: ".utf8
                start = newline + 1
            }
            event += bytes[start...]
        }
        event += "\n\n".utf8
        return Data(event)
    }
}
