import NIOCore
import PlugboardCore

/// PostgreSQL's own STARTTLS: the client sends an SSLRequest and the server answers one byte, `S` to go on with a TLS
/// handshake or `N` to stay in plain text. Done here on the guarded channel, so the TLS that follows is the network
/// layer's, set up like every other node's.
enum PostgreSQLSSLRequest {
    /// Length 8, then the request code 80877103 (1234 << 16 | 5679).
    static let message: [UInt8] = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]

    /// Asks the server for TLS; true when it agreed. A server that does not answer within `timeout` is
    /// `connection_timed_out`.
    static func send(on channel: any Channel, endpoint: String, timeout: Duration) async throws -> Bool {
        let answer = channel.eventLoop.makePromise(of: UInt8.self)
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout / .nanoseconds(1)))) { answer.fail(TimedOut()) }
        defer { timer.cancel() }
        let byte: UInt8
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(OneByteReader(answer), position: .first)
            }.get()
            try await channel.writeAndFlush(ByteBuffer(bytes: message))
            byte = try await answer.futureResult.get()
        } catch is TimedOut {
            throw ConnectorError(
                .connectionTimedOut, message: "\(endpoint) accepted the connection but did not answer within \(timeout).",
                cause: "The port answers but is not a working PostgreSQL server, or the network stalls.",
                fix: "Verify the host and port point at PostgreSQL; raise the connect timeout.")
        } catch {
            answer.fail(error)
            throw ConnectorError(
                .connectionRefused, message: "\(endpoint) closed the connection instead of answering PostgreSQL's TLS request.",
                cause: "Something other than PostgreSQL listens on that port.", fix: "Verify the host and port point at PostgreSQL.")
        }
        switch byte {
        case UInt8(ascii: "S"): return true
        case UInt8(ascii: "N"): return false
        default:
            throw ConnectorError(
                .connectionRefused, message: "\(endpoint) did not answer PostgreSQL's TLS request as PostgreSQL does.",
                cause: "Something other than PostgreSQL listens on that port.", fix: "Verify the host and port point at PostgreSQL.")
        }
    }
}

private struct TimedOut: Error {}

/// Reads the server's one-byte answer, then leaves the pipeline so what follows (the TLS handshake) is untouched.
private final class OneByteReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var promise: EventLoopPromise<UInt8>?

    init(_ promise: EventLoopPromise<UInt8>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard let byte = buffer.readInteger(as: UInt8.self) else { return }
        // The server sends nothing more before the handshake; bytes after the answer would be read as if they came
        // through TLS (CVE-2021-23222), so they end the connection.
        guard buffer.readableBytes == 0 else {
            promise?.fail(ChannelError.inappropriateOperationForState)
            promise = nil
            context.close(promise: nil)
            return
        }
        promise?.succeed(byte)
        promise = nil
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(ChannelError.eof)
        promise = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.fireErrorCaught(error)
    }
}
