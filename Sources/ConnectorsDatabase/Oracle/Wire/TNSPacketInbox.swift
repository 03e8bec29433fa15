import NIOCore
import Synchronization

/// Keeps the packets the server sent until the connection reads them, one reader at a time. A closed connection or a
/// failed read fails the waiting read and every later one.
final class TNSPacketInbox: ChannelInboundHandler, Sendable {
    typealias InboundIn = TNSPacket

    private struct State {
        var packets: [TNSPacket] = []
        var waiter: CheckedContinuation<TNSPacket, any Error>?
        var failure: (any Error)?
    }

    private let state = Mutex(State())

    /// The next packet; cancelling the task (a deadline) ends the wait with `CancellationError`.
    func next() async throws -> TNSPacket {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TNSPacket, any Error>) in
                let ready = state.withLock { state -> Result<TNSPacket, any Error>? in
                    if !state.packets.isEmpty { return .success(state.packets.removeFirst()) }
                    if let failure = state.failure { return .failure(failure) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<TNSPacket, any Error>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let packet = unwrapInboundIn(data)
        let waiter = state.withLock { state -> CheckedContinuation<TNSPacket, any Error>? in
            guard let waiter = state.waiter else {
                state.packets.append(packet)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: packet)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(OracleWireError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(OracleWireError.failed(String(describing: error)))
        context.close(promise: nil)
    }

    private func fail(_ error: OracleWireError) {
        let waiter = state.withLock { state -> CheckedContinuation<TNSPacket, any Error>? in
            if state.failure == nil { state.failure = error }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: error)
    }
}

/// Why the connection to the server ended.
enum OracleWireError: Error, Equatable {
    case closed
    case failed(String)
}
