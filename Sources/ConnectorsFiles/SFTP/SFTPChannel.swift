import NIOCore
import NIOSSH
import PlugboardCore
import Synchronization

/// The `sftp` subsystem's channel: requests go out with fresh ids, replies come back to whoever waits for that id,
/// so any number of requests may be in flight at once (pipelined reads and writes, concurrent calls).
final class SFTPChannel: Sendable {
    let channel: any Channel
    private let handler: SFTPChannelHandler
    /// The extensions the server offered in its VERSION reply.
    let extensions: [String: [UInt8]]

    private init(channel: any Channel, handler: SFTPChannelHandler, extensions: [String: [UInt8]]) {
        self.channel = channel
        self.handler = handler
        self.extensions = extensions
    }

    /// Opens the subsystem on `connection` and exchanges INIT and VERSION.
    static func open(on connection: SSHConnection) async throws -> SFTPChannel {
        let handler = SFTPChannelHandler()
        let channel = try await connection.openSubsystem("sftp") { handler }
        let version = try await handler.exchange(on: channel, packet: SFTPCodec.initPacket(), id: nil)
        guard case .version(let number, let extensions) = version, number >= 3 else {
            try? await channel.close()
            throw ConnectorError(.upstreamError, message: "The SFTP server answered INIT with \(version), not VERSION 3.")
        }
        return SFTPChannel(channel: channel, handler: handler, extensions: extensions)
    }

    /// Sends a request and waits for its reply.
    func send(_ request: SFTPRequest) async throws -> SFTPResponse {
        let id = handler.nextID()
        return try await handler.exchange(on: channel, packet: SFTPCodec.encode(request, id: id), id: id)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Reads the channel's data into replies and hands each to the request waiting for its id.
final class SFTPChannelHandler: ChannelDuplexHandler, Sendable {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    private struct State {
        var decoder = SFTPFrameDecoder()
        var waiting: [UInt32?: CheckedContinuation<SFTPResponse, any Error>] = [:]
        var nextID: UInt32 = 1
        var failure: (any Error)?
    }

    private let state = Mutex(State())

    func nextID() -> UInt32 {
        state.withLock { state in
            defer { state.nextID &+= 1 }
            return state.nextID
        }
    }

    /// Registers a waiter for `id` (nil: the VERSION reply), writes the packet, and waits; cancelling the task (the
    /// call's deadline) stops the wait, and a reply that comes later is dropped.
    func exchange(on channel: any Channel, packet: ByteBuffer, id: UInt32?) async throws -> SFTPResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SFTPResponse, any Error>) in
                let failure = state.withLock { state -> (any Error)? in
                    if let failure = state.failure { return failure }
                    if Task.isCancelled { return CancellationError() }
                    state.waiting[id] = continuation
                    return nil
                }
                if let failure { return continuation.resume(throwing: failure) }
                channel.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(packet))).whenFailure { [self] error in
                    self.resume(id, with: .failure(error))
                }
            }
        } onCancel: {
            resume(id, with: .failure(CancellationError()))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case .byteBuffer(let bytes) = message.data else { return }
        var replies: [SFTPResponse] = []
        let broken = state.withLock { state -> SFTPProtocolError? in
            state.decoder.append(bytes)
            do {
                while let reply = try state.decoder.next() { replies.append(reply) }
                return nil
            } catch let error as SFTPProtocolError {
                return error
            } catch {
                return SFTPProtocolError("\(error)")
            }
        }
        for reply in replies { resume(reply.id, with: .success(reply)) }
        if let broken {
            failAll(ConnectorError(.upstreamError, message: "The SFTP server broke the protocol: \(broken.description)."))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(ConnectorError(.upstreamError, message: "The SFTP channel closed.", retryable: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(ConnectorError(.upstreamError, message: "The SFTP channel failed: \(error).", retryable: true))
        context.close(promise: nil)
    }

    private func resume(_ id: UInt32?, with result: Result<SFTPResponse, any Error>) {
        let waiter = state.withLock { $0.waiting.removeValue(forKey: id) }
        waiter?.resume(with: result)
    }

    private func failAll(_ error: ConnectorError) {
        let waiters = state.withLock { state -> [CheckedContinuation<SFTPResponse, any Error>] in
            state.failure = error
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
