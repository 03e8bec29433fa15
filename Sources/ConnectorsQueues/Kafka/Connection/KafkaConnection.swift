import NIOCore
import PlugboardCore
import Synchronization

/// One connection to a Kafka broker over the guarded dial: requests go out with fresh correlation ids and each
/// response goes to the request waiting for its id, so several requests may be in flight at once.
public final class KafkaConnection: Sendable {
    let channel: any Channel
    private let handler: KafkaResponseHandler
    let clientID: String
    /// `host:port`, for messages.
    public let endpoint: String

    private init(channel: any Channel, handler: KafkaResponseHandler, clientID: String, endpoint: String) {
        self.channel = channel
        self.handler = handler
        self.clientID = clientID
        self.endpoint = endpoint
    }

    /// Connects to `host:port` through the egress guard, with TLS when `tls` is given.
    public static func connect(
        host: String, port: Int, clientID: String, timeout: Duration, tls: TLSOptions? = nil, network: any NetworkAccess
    ) async throws -> KafkaConnection {
        let handler = KafkaResponseHandler()
        let channel = try await network.connectTCP(TCPConnectOptions(host: host, port: port, connectTimeout: timeout, tls: tls))
        do {
            // The client speaks first, so the handlers can come after the connection.
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandlers(ByteToMessageHandler(KafkaFrameDecoder()), handler)
            }.get()
        } catch {
            try? await channel.close()
            throw error
        }
        return KafkaConnection(channel: channel, handler: handler, clientID: clientID, endpoint: "\(host):\(port)")
    }

    /// Sends `request` and waits for its response.
    public func send<Request: KafkaRequest>(_ request: Request) async throws -> Request.Response {
        let id = handler.nextCorrelationID()
        let frame = request.frame(correlationID: id, clientID: clientID)
        if let immediate = request.responseWithoutReply {
            try await channel.writeAndFlush(frame)
            return immediate
        }
        var body = try await handler.exchange(on: channel, frame: frame, correlationID: id)
        do {
            return try Request.readResponse(from: &body)
        } catch {
            throw ConnectorError(.upstreamError, message: "The Kafka broker at \(endpoint) sent a \(Request.apiKey) response that does not parse: \(error).")
        }
    }

    /// Sends `request` and waits at most `timeout` for its response: `timed_out` after that, the wait cancelled.
    public func send<Request: KafkaRequest>(_ request: Request, timeout: Duration) async throws -> Request.Response {
        try await withThrowingTaskGroup(of: Request.Response?.self) { group in
            group.addTask { try await self.send(request) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            if let response = try await group.next(), let response { return response }
            throw ConnectorError(
                .timedOut, message: "The Kafka broker at \(endpoint) did not answer \(Request.apiKey) within \(timeout.secondsText).", retryable: true)
        }
    }

    /// Writes `request` and does not wait for its answer (which is dropped when it comes): for a goodbye such as
    /// LeaveGroup, sent while the task is being cancelled. A write that fails is ignored.
    public func post<Request: KafkaRequest>(_ request: Request) async {
        try? await channel.writeAndFlush(request.frame(correlationID: handler.nextCorrelationID(), clientID: clientID))
    }

    public var isActive: Bool { channel.isActive }

    public func close() async {
        try? await channel.close()
    }
}

/// Splits the stream into responses: an int32 size, then that many bytes.
struct KafkaFrameDecoder: ByteToMessageDecoder, Sendable {
    typealias InboundOut = ByteBuffer

    /// The largest response read: fetches ask for 4 MiB at most, and a broker's answer is not trusted beyond this.
    static let maximumFrame = 64 << 20

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return .needMoreData }
        guard size >= 4, Int(size) <= Self.maximumFrame else { throw KafkaWireError("a response has a size of \(size)") }
        guard buffer.readableBytes >= 4 + Int(size) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let frame = buffer.readSlice(length: Int(size)) else { return .needMoreData }
        context.fireChannelRead(NIOAny(frame))
        return .continue
    }
}

/// Hands each response (after its correlation id) to the request waiting for it.
final class KafkaResponseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private struct State {
        var waiting: [Int32: CheckedContinuation<ByteBuffer, any Error>] = [:]
        var nextID: Int32 = 1
        var failure: (any Error)?
    }

    private let state = Mutex(State())

    func nextCorrelationID() -> Int32 {
        state.withLock { state in
            defer { state.nextID = state.nextID == Int32.max ? 1 : state.nextID + 1 }
            return state.nextID
        }
    }

    /// Sends `frame` and waits for the response with its id; cancelling the task (the call's deadline) stops the
    /// wait, and a response that comes later is dropped.
    func exchange(on channel: any Channel, frame: ByteBuffer, correlationID: Int32) async throws -> ByteBuffer {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer, any Error>) in
                let failure = state.withLock { state -> (any Error)? in
                    if let failure = state.failure { return failure }
                    if Task.isCancelled { return CancellationError() }
                    state.waiting[correlationID] = continuation
                    return nil
                }
                if let failure { return continuation.resume(throwing: failure) }
                channel.writeAndFlush(frame).whenFailure { [self] error in
                    self.resume(correlationID, with: .failure(error))
                }
            }
        } onCancel: {
            resume(correlationID, with: .failure(CancellationError()))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        guard let id = frame.readInteger(as: Int32.self) else { return }
        resume(id, with: .success(frame))
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(ConnectorError(.upstreamError, message: "The Kafka broker closed the connection.", retryable: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(ConnectorError(.upstreamError, message: "The Kafka connection failed: \(error).", retryable: true))
        context.close(promise: nil)
    }

    private func resume(_ id: Int32, with result: Result<ByteBuffer, any Error>) {
        let waiter = state.withLock { $0.waiting.removeValue(forKey: id) }
        waiter?.resume(with: result)
    }

    private func failAll(_ error: ConnectorError) {
        let waiters = state.withLock { state -> [CheckedContinuation<ByteBuffer, any Error>] in
            state.failure = error
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
