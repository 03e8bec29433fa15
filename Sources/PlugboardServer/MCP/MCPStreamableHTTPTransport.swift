import Foundation
import Logging
import MCP
import PlugboardCore
import Synchronization

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
///
/// The SDK wants an actor, but nothing here is isolated to it: the session's state (`MCPSessionState`) sits under a
/// lock, so a request never waits for the actor. Parsing a message, running a direct method and writing its answer
/// happen in the request's own task, and one session's concurrent calls share the cores; under one actor they queued.
actor MCPStreamableHTTPTransport: Transport {
    typealias Stream = MCPSessionState.Stream

    nonisolated let logger: Logger
    private let sessionID: String
    private let incoming: Stream
    private let state: Mutex<MCPSessionState>

    /// A transport for the session `sessionID`; every request passes `validation` first, and requests of `direct`'s
    /// methods are answered by it rather than by the server.
    init(
        sessionID: String, validation: any HTTPRequestValidationPipeline, direct: MCPDirectMethods? = nil,
        replayCapacity: Int = MCPReplayBuffer.defaultCapacity, logger: Logger
    ) {
        self.logger = logger
        self.sessionID = sessionID
        let (incoming, continuation) = Stream.makeStream()
        self.incoming = incoming
        self.state = Mutex(
            MCPSessionState(
                sessionID: sessionID, validation: validation, direct: direct, replayCapacity: replayCapacity,
                incoming: continuation))
    }

    /// How many sent events the session holds for replay (at most the buffer's capacity).
    nonisolated var retainedEventCount: Int { state.withLock { $0.replay.count } }

    // MARK: Transport

    func connect() async throws {}

    func disconnect() async { state.withLock { $0.terminate() } }

    nonisolated func receive() -> Stream { incoming }

    /// Routes a message from the server: a response to its request's stream (which then ends), anything else to
    /// the GET stream.
    func send(_ data: Data) async throws {
        let routed = try state.withLock { state throws(MCPError) -> Bool in
            guard !state.terminated else { throw MCPError.connectionClosed }
            return state.route(data)
        }
        if !routed { logger.warning("MCP transport: an outgoing message is not JSON-RPC; dropped") }
    }

    // MARK: HTTP

    /// Answers one HTTP request of this session.
    nonisolated func handleRequest(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        switch request.method.uppercased() {
        case "POST": return await post(request)
        case "GET": return state.withLock { $0.open(request) }
        case "DELETE": return state.withLock { $0.end(request) }
        default:
            return .error(
                statusCode: 405, .invalidRequest("Method Not Allowed"), sessionID: sessionID,
                extraHeaders: [HTTPHeaderName.allow: "GET, POST, DELETE"])
        }
    }

    private nonisolated func post(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        guard let body = request.body, !body.isEmpty else {
            return .error(statusCode: 400, .parseError("Empty request body"), sessionID: sessionID)
        }
        guard let kind = MCPMessageKind(body) else {
            return .error(statusCode: 400, .parseError("Invalid JSON-RPC message"), sessionID: sessionID)
        }
        switch state.withLock({ $0.admit(request, kind: kind, body: body) }) {
        case .answered(let response):
            return response
        case .direct(let direct, let id, let method, let params, let stream, var events):
            let message = Data(MCPDirectMethods.response(id: id, await direct.answer(method, params)))
            let (eventID, headers, terminated) = state.withLock { state in
                (state.record(message, answering: id, on: stream), state.streamHeaders, state.terminatedResponse)
            }
            guard let eventID else { return terminated }
            events.append(Self.event(id: eventID, data: message))
            return .data(events, headers: headers)
        }
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
