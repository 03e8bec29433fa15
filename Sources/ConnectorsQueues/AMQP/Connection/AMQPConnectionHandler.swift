import NIOCore
import PlugboardCore
import Synchronization

/// Cuts the byte stream into frames.
struct AMQPFrameDecoder: ByteToMessageDecoder, Sendable {
    typealias InboundOut = AMQPFrame

    let maxSize: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try AMQPFrame.decode(from: &buffer, maxSize: maxSize) else { return .needMoreData }
        context.fireChannelRead(NIOAny(frame))
        return .continue
    }
}

/// Routes frames: the connection's own methods (channel 0) to the handshake and close, every other frame to its
/// channel. A connection.close from the broker (a refused login, a missing virtual host, a broker shutting down)
/// ends every channel with the broker's reason. Heartbeats go out at the agreed interval, and a broker silent for
/// two of them is taken for gone.
final class AMQPConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AMQPFrame

    private struct State {
        var waiting: [CheckedContinuation<AMQPMethod, any Error>] = []
        var queued: [AMQPMethod] = []
        var channels: [UInt16: AMQPChannel] = [:]
        var failure: ConnectorError?
        var lastHeard = NIODeadline.now()
        var heartbeats: RepeatedTask?
        /// Whether the login finished: a close before that is a refused login.
        var loggedIn = false
    }

    private let state = Mutex(State())
    let endpoint: String

    init(endpoint: String) { self.endpoint = endpoint }

    var failure: ConnectorError? { state.withLock { $0.failure } }

    // MARK: The connection's own methods

    /// The broker's next method on channel 0, during the handshake or the close.
    func nextConnectionMethod(during step: String) async throws -> AMQPMethod {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AMQPMethod, any Error>) in
            let result = state.withLock { state -> Result<AMQPMethod, any Error>? in
                if !state.queued.isEmpty { return .success(state.queued.removeFirst()) }
                if let failure = state.failure { return .failure(failure) }
                state.waiting.append(continuation)
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    // MARK: Channels

    func register(channelMax: UInt16, _ make: (UInt16) -> AMQPChannel) throws -> AMQPChannel {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            guard let id = (1...max(channelMax, 1)).first(where: { state.channels[$0] == nil }) else {
                throw ConnectorError(.tooManyConnections, message: "All \(channelMax) channels of the RabbitMQ connection are in use.", retryable: true)
            }
            let channel = make(id)
            state.channels[id] = channel
            return channel
        }
    }

    func unregister(_ id: UInt16) {
        _ = state.withLock { $0.channels.removeValue(forKey: id) }
    }

    // MARK: Writing

    func send(_ frames: [AMQPFrame], on channel: any Channel) {
        var buffer = channel.allocator.buffer(capacity: 256)
        for frame in frames { frame.encode(into: &buffer) }
        channel.writeAndFlush(buffer, promise: nil)
    }

    /// The virtual host is open: a close from now on is not a refused login.
    func opened() {
        state.withLock { $0.loggedIn = true }
    }

    func startHeartbeats(every interval: Duration, on channel: any Channel) {
        let period = TimeAmount.nanoseconds(interval.nanoseconds / 2)
        let silence = TimeAmount.nanoseconds(interval.nanoseconds * 2)
        let task = channel.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { [self] _ in
            let heard = state.withLock { $0.lastHeard }
            if NIODeadline.now() - heard > silence {
                fail(ConnectorError(.upstreamError, message: "RabbitMQ at \(endpoint) sent nothing for two heartbeats.", retryable: true))
                channel.close(promise: nil)
                return
            }
            send([.heartbeat], on: channel)
        }
        state.withLock { $0.heartbeats = task }
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        state.withLock { $0.lastHeard = .now() }
        guard frame.channel == 0 else {
            guard let channel = state.withLock({ $0.channels[frame.channel] }) else { return }
            do {
                try channel.receive(frame)
            } catch {
                fail(ConnectorError(.upstreamError, message: "RabbitMQ at \(endpoint) sent a frame out of order: \(error)."))
                context.close(promise: nil)
            }
            return
        }
        guard case .method(_, let method) = frame else { return }
        if case .connectionClose(let close) = method {
            var reply = context.channel.allocator.buffer(capacity: 16)
            AMQPFrame.method(channel: 0, .connectionCloseOk(AMQP.Connection.CloseOk())).encode(into: &reply)
            context.writeAndFlush(NIOAny(reply), promise: nil)
            fail(closeError(close))
            context.close(promise: nil)
            return
        }
        let waiter = state.withLock { state -> CheckedContinuation<AMQPMethod, any Error>? in
            if state.waiting.isEmpty {
                state.queued.append(method)
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume(returning: method)
    }

    private func closeError(_ close: AMQP.Connection.Close) -> ConnectorError {
        let loggedIn = state.withLock { $0.loggedIn }
        if close.replyCode == 403 && !loggedIn {
            return ConnectorError(
                .authenticationFailed, message: "RabbitMQ at \(endpoint) refused the login: \(close.replyText).",
                fix: "Check the credential's username and password, and that the user may log in from here.")
        }
        if close.replyCode == 530 && !loggedIn {
            return ConnectorError(
                .permissionDenied, message: "RabbitMQ at \(endpoint) refused the virtual host: \(close.replyText).",
                fix: "Check the connector's virtual host and the user's permissions on it.", field: "virtualHost")
        }
        return AMQPFailure.error(replyCode: close.replyCode, replyText: close.replyText, doing: "keep the connection open")
    }

    func channelInactive(context: ChannelHandlerContext) {
        let loggedIn = state.withLock { $0.loggedIn }
        fail(loggedIn ? AMQPFailure.lost(endpoint) : ConnectorError(
            .upstreamError, message: "RabbitMQ at \(endpoint) closed the connection during the handshake.",
            fix: "Check that the port speaks AMQP 0-9-1 (5672, or 5671 with TLS) and the login.", retryable: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ConnectorError(.upstreamError, message: "The RabbitMQ connection to \(endpoint) failed: \(error).", retryable: true))
        context.close(promise: nil)
    }

    /// Ends the connection's waits and every channel with `error` (the first reason given stays).
    private func fail(_ error: ConnectorError) {
        let (waiting, channels, heartbeats, reason) = state.withLock { state in
            if state.failure == nil { state.failure = error }
            defer {
                state.waiting = []
                state.channels = [:]
                state.heartbeats = nil
            }
            return (state.waiting, Array(state.channels.values), state.heartbeats, state.failure ?? error)
        }
        heartbeats?.cancel()
        for waiter in waiting { waiter.resume(throwing: reason) }
        for channel in channels { channel.fail(reason) }
    }
}
