import PlugboardCore
import Synchronization

/// The channels one AMQP connection lends to calls: each call has a channel to itself (a channel the broker closes
/// over one call's mistake must not fail another's), idle channels are lent again, new ones are opened up to
/// `limit`, and beyond it calls wait their turn.
final class AMQPChannelPool: Sendable {
    private struct State {
        var idle: [AMQPChannel] = []
        var open = 0
        var waiting: [CheckedContinuation<AMQPChannel?, any Error>] = []
    }

    let connection: AMQPConnection
    let limit: Int
    private let state = Mutex(State())

    init(connection: AMQPConnection, limit: Int) {
        self.connection = connection
        self.limit = max(1, limit)
    }

    /// Runs `body` with a channel of its own; the channel goes back to the pool if it is still usable.
    func withChannel<T: Sendable>(_ body: (AMQPChannel) async throws -> T) async throws -> T {
        let channel = try await acquire()
        do {
            let result = try await body(channel)
            release(channel)
            return result
        } catch {
            release(channel)
            throw error
        }
    }

    private func acquire() async throws -> AMQPChannel {
        enum Choice {
            case use(AMQPChannel)
            case open
            case wait
        }
        while true {
            let choice = state.withLock { state -> Choice in
                while let channel = state.idle.popLast() {
                    if channel.isUsable { return .use(channel) }
                    state.open -= 1
                }
                if state.open < limit {
                    state.open += 1
                    return .open
                }
                return .wait
            }
            switch choice {
            case .use(let channel): return channel
            case .open:
                do {
                    return try await connection.openChannel()
                } catch {
                    state.withLock { $0.open -= 1 }
                    throw error
                }
            case .wait:
                // Woken with a channel handed over, or with nil when a slot freed up to open one.
                if let handed = try await withCheckedThrowingContinuation({ (continuation: CheckedContinuation<AMQPChannel?, any Error>) in
                    state.withLock { $0.waiting.append(continuation) }
                }) {
                    return handed
                }
            }
        }
    }

    private func release(_ channel: AMQPChannel) {
        let usable = channel.isUsable
        let waiter = state.withLock { state -> CheckedContinuation<AMQPChannel?, any Error>? in
            if !usable { state.open -= 1 }
            if !state.waiting.isEmpty { return state.waiting.removeFirst() }
            if usable { state.idle.append(channel) }
            return nil
        }
        if !usable { channel.close() }
        waiter?.resume(returning: usable ? channel : nil)
    }

    func close() {
        for channel in state.withLock({ $0.idle }) { channel.close() }
    }
}
