import Foundation
import MCP
import PlugboardCore

/// What one Streamable HTTP session knows: whether it was initialized or ended, the requests waiting for the server's
/// answer and their streams, the direct requests being answered, the GET stream, and the events kept for replay.
///
/// A plain value: `MCPStreamableHTTPTransport` holds it under a lock, and every step here is synchronous, so the
/// session's concurrent requests only meet for these short steps; the work of each request (parsing, running a tool,
/// writing the answer) happens outside.
struct MCPSessionState {
    typealias Stream = AsyncThrowingStream<Data, any Error>

    /// A request the server has not answered yet, and the stream its answer goes to.
    struct PendingRequest {
        var stream: Int
        var continuation: Stream.Continuation
    }

    /// What `admit` decided about a POST.
    enum Admission {
        /// Answered already: refused, accepted, or handed to the server with its SSE stream.
        case answered(MCP.HTTPResponse)
        /// A request of the direct methods, to answer on stream `stream` after the `events` so far (the priming one).
        case direct(MCPDirectMethods, id: JSONValue, method: String, params: JSONValue?, stream: Int, events: Data)
    }

    let sessionID: String
    let validation: any HTTPRequestValidationPipeline
    let direct: MCPDirectMethods?
    /// Where messages for the server go.
    let incoming: Stream.Continuation
    private(set) var initialized = false
    private(set) var terminated = false
    private var pending: [JSONValue: PendingRequest] = [:]
    /// Requests of the direct methods being answered now, so a second request with the same id is refused.
    private var answering: Set<JSONValue> = []
    /// The GET stream (stream number 0), while one is open.
    private var standalone: Stream.Continuation?
    private var lastStream = 0
    private(set) var replay: MCPReplayBuffer

    init(
        sessionID: String, validation: any HTTPRequestValidationPipeline, direct: MCPDirectMethods?, replayCapacity: Int,
        incoming: Stream.Continuation
    ) {
        self.sessionID = sessionID
        self.validation = validation
        self.direct = direct
        self.replay = MCPReplayBuffer(capacity: replayCapacity)
        self.incoming = incoming
    }

    // MARK: Requests

    /// Checks a POST against the session and takes it in: notifications and responses go to the server, requests get a
    /// stream, and a request of the direct methods is left for the caller to answer.
    mutating func admit(_ request: MCP.HTTPRequest, kind: MCPMessageKind, body: Data) -> Admission {
        guard !terminated else { return .answered(terminatedResponse) }
        if let refusal = validated(request, isInitialize: kind.isInitialize) { return .answered(refusal) }
        guard case .request(let id, let method, let params) = kind else {
            incoming.yield(body)
            return .answered(.accepted(headers: sessionHeaders))
        }
        if kind.isInitialize {
            guard !initialized else { return .answered(badRequest("Session already initialized")) }
            initialized = true
        }
        guard pending[id] == nil, !answering.contains(id) else { return .answered(badRequest("A request with this id is still running")) }
        lastStream += 1
        let version = kind.requestedProtocolVersion ?? request.header(HTTPHeaderName.protocolVersion) ?? Version.latest
        let priming = priming(stream: lastStream, protocolVersion: version)
        if let direct, direct.methods.contains(method) {
            // The priming event and the answer leave as one `text/event-stream` body in one write, since both exist
            // before the response starts; the answer is kept for replay like any other.
            answering.insert(id)
            return .direct(direct, id: id, method: method, params: params, stream: lastStream, events: priming ?? Data())
        }
        let (stream, continuation) = Stream.makeStream()
        pending[id] = PendingRequest(stream: lastStream, continuation: continuation)
        if let priming { continuation.yield(priming) }
        incoming.yield(body)
        return .answered(.stream(stream, headers: streamHeaders))
    }

    /// Keeps a direct answer for replay and returns its event id; nil when the session ended while it ran.
    mutating func record(_ message: Data, answering id: JSONValue, on stream: Int) -> String? {
        answering.remove(id)
        guard !terminated else { return nil }
        return replay.append(message, stream: stream)
    }

    /// A GET: the session's stream of server messages, or with `Last-Event-ID` the replay of a stream and its rest.
    mutating func open(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        guard !terminated else { return terminatedResponse }
        if let refusal = validated(request) { return refusal }
        let (stream, continuation) = Stream.makeStream(bufferingPolicy: .bufferingNewest(replay.capacity))
        if let lastEventID = request.header(HTTPHeaderName.lastEventID) {
            guard let found = replay.events(after: lastEventID), found.stream <= lastStream else {
                return badRequest("Unknown Last-Event-ID")
            }
            for event in found.events { continuation.yield(MCPStreamableHTTPTransport.event(id: event.id, data: event.message)) }
            adopt(continuation, asStream: found.stream)
        } else {
            let version = request.header(HTTPHeaderName.protocolVersion) ?? Version.latest
            if let priming = priming(stream: 0, protocolVersion: version) { continuation.yield(priming) }
            adopt(continuation, asStream: 0)
        }
        return .stream(stream, headers: streamHeaders)
    }

    /// A DELETE: ends the session.
    mutating func end(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        guard !terminated else { return terminatedResponse }
        if let refusal = validated(request) { return refusal }
        terminate()
        return .ok(headers: sessionHeaders)
    }

    // MARK: Messages from the server

    /// Routes a message from the server: a response to its request's stream (which then ends), anything else to the
    /// GET stream. False when the message is not JSON-RPC and was dropped.
    mutating func route(_ data: Data) -> Bool {
        guard let kind = MCPMessageKind(data) else { return false }
        if case .response(let id) = kind {
            guard let request = pending.removeValue(forKey: id) else { return true }
            let eventID = replay.append(data, stream: request.stream)
            request.continuation.yield(MCPStreamableHTTPTransport.event(id: eventID, data: data))
            request.continuation.finish()
        } else {
            let eventID = replay.append(data, stream: 0)
            standalone?.yield(MCPStreamableHTTPTransport.event(id: eventID, data: data))
        }
        return true
    }

    /// Ends every stream and the server's input; later requests get 404.
    mutating func terminate() {
        guard !terminated else { return }
        terminated = true
        for request in pending.values { request.continuation.finish() }
        pending.removeAll()
        standalone?.finish()
        standalone = nil
        replay.removeAll()
        incoming.finish()
    }

    // MARK: Helpers

    /// Makes `continuation` the stream `number`'s from now on, ending the one it replaces; a request stream whose
    /// response was already sent (and replayed) simply ends.
    private mutating func adopt(_ continuation: Stream.Continuation, asStream number: Int) {
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

    /// A stream's first event: an id without data, so a client cut off before the answer can resume. Clients older
    /// than 2025-03-26 do not expect events without data, and get none.
    private mutating func priming(stream: Int, protocolVersion: String) -> Data? {
        guard protocolVersion >= "2025-03-26" else { return nil }
        return Data("id: \(replay.nextID(stream: stream))\ndata: \n\n".utf8)
    }

    private func badRequest(_ reason: String) -> MCP.HTTPResponse {
        .error(statusCode: 400, .invalidRequest("Bad Request: \(reason)"), sessionID: sessionID)
    }

    var terminatedResponse: MCP.HTTPResponse {
        .error(statusCode: 404, .invalidRequest("Not Found: Session has been terminated"), sessionID: sessionID)
    }

    var sessionHeaders: [String: String] { [HTTPHeaderName.sessionID: sessionID] }

    var streamHeaders: [String: String] {
        sessionHeaders.merging([HTTPHeaderName.contentType: "text/event-stream", HTTPHeaderName.cacheControl: "no-cache, no-transform"]) { $1 }
    }
}
