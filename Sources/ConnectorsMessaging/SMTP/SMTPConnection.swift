import ConnectorsHTTP
import NIOCore
import PlugboardCore
import Synchronization

/// One SMTP connection over a guarded channel: a command goes out, the reply comes back, in turn. The channel's
/// handler feeds the bytes it reads to an inbox; `reply(until:)` waits for the next complete reply.
final class SMTPConnection: Sendable {
    let channel: any Channel
    /// `host:port`, for messages.
    let server: String
    private let inbox: SMTPInbox

    private init(channel: any Channel, server: String, inbox: SMTPInbox) {
        self.channel = channel
        self.server = server
        self.inbox = inbox
    }

    /// Connects through the egress guard with the reply reader in the pipeline from the start, so the server's
    /// greeting (sent as soon as it accepts) is not missed.
    static func open(_ endpoint: TCPConnectOptions, network: any NetworkAccess) async throws -> SMTPConnection {
        let inbox = SMTPInbox()
        var options = endpoint
        options.handlers = { [SMTPReplyHandler(inbox: inbox)] }
        let channel = try await network.connectTCP(options)
        return SMTPConnection(channel: channel, server: endpoint.endpoint, inbox: inbox)
    }

    /// Sends `line` (CRLF added) and returns the reply.
    func command(_ line: String, until deadline: ContinuousClock.Instant) async throws(ConnectorError) -> SMTPReply {
        try await send(Array((line + "\r\n").utf8))
        return try await reply(until: deadline)
    }

    /// Writes bytes as they are.
    func send(_ bytes: [UInt8]) async throws(ConnectorError) {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        } catch {
            throw ConnectorError(.connectionRefused, message: "The connection to \(server) closed while writing.", retryable: true)
        }
    }

    /// The next reply; `timed_out` when none is complete by `deadline`.
    func reply(until deadline: ContinuousClock.Instant) async throws(ConnectorError) -> SMTPReply {
        do {
            return try await TimeLimit.run(until: deadline, orThrow: ConnectorError(.timedOut, message: "\(server) did not answer in time.")) {
                try await self.inbox.next()
            }
        } catch let error as ConnectorError {
            throw error
        } catch is CancellationError {
            throw ConnectorError(.cancelled, message: "The call was cancelled while waiting for \(server).")
        } catch let malformed as SMTPReplyReader.Malformed {
            throw ConnectorError(
                .upstreamError, message: "\(server) sent a line that is not an SMTP reply: \(malformed.line)",
                fix: "Check the host and port point at an SMTP server.")
        } catch {
            throw ConnectorError(
                .connectionRefused, message: "The connection to \(server) closed.", cause: "The server hung up or the network dropped.",
                fix: "Retry.", retryable: true)
        }
    }

    /// Whether the channel is still open.
    var isActive: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }
}

/// The replies read so far, and the one reader waiting for the next.
final class SMTPInbox: Sendable {
    private struct State {
        var reader = SMTPReplyReader()
        var ready: [SMTPReply] = []
        var failure: (any Error)?
        var waiting: CheckedContinuation<SMTPReply, any Error>?
    }

    private let state = Mutex(State())

    struct Closed: Error {}

    func receive(_ bytes: ByteBuffer) {
        let resume: (CheckedContinuation<SMTPReply, any Error>, Result<SMTPReply, any Error>)? = state.withLock { state in
            do {
                state.ready += try state.reader.feed(bytes.readableBytesView)
            } catch {
                state.failure = error
            }
            guard let waiting = state.waiting else { return nil }
            if !state.ready.isEmpty {
                state.waiting = nil
                return (waiting, .success(state.ready.removeFirst()))
            }
            if let failure = state.failure {
                state.waiting = nil
                return (waiting, .failure(failure))
            }
            return nil
        }
        if let (continuation, result) = resume { continuation.resume(with: result) }
    }

    func fail(_ error: any Error) {
        let waiting: CheckedContinuation<SMTPReply, any Error>? = state.withLock { state in
            if state.failure == nil { state.failure = error }
            defer { state.waiting = nil }
            return state.ready.isEmpty ? state.waiting : nil
        }
        waiting?.resume(throwing: error)
    }

    /// The next reply, waiting for it; cancelling the waiting task ends the wait.
    func next() async throws -> SMTPReply {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let result: Result<SMTPReply, any Error>? = state.withLock { state in
                    if !state.ready.isEmpty { return .success(state.ready.removeFirst()) }
                    if let failure = state.failure { return .failure(failure) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiting = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let waiting = state.withLock { state in
                defer { state.waiting = nil }
                return state.waiting
            }
            waiting?.resume(throwing: CancellationError())
        }
    }
}

/// Hands what the channel reads to the inbox, and tells it when the connection ends.
final class SMTPReplyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let inbox: SMTPInbox

    init(inbox: SMTPInbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.receive(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.fail(SMTPInbox.Closed())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inbox.fail(error)
        context.close(promise: nil)
    }
}
