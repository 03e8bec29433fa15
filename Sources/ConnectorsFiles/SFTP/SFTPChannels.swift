import PlugboardCore
import Synchronization

/// The SFTP channels one SSH connection carries. Calls spread over them (OpenSSH serves each channel with its own
/// sftp-server), and a channel is opened only when every open one is busy, up to `limit`. A call keeps its channel
/// from its first request to its last, since an open file's handle belongs to the channel that opened it.
final class SFTPChannels: Sendable {
    private struct Slot {
        let channel: SFTPChannel
        var calls = 0
    }

    private struct State {
        var slots: [Slot]
        var opening = 0
    }

    let connection: SSHConnection
    let limit: Int
    /// The first channel, opened with the session: what the server offered (extensions) is read from it.
    let first: SFTPChannel
    private let state: Mutex<State>

    init(first: SFTPChannel, connection: SSHConnection, limit: Int) {
        self.first = first
        self.connection = connection
        self.limit = max(1, limit)
        state = Mutex(State(slots: [Slot(channel: first)]))
    }

    /// Channels open now.
    var count: Int { state.withLock { $0.slots.count } }

    /// Whether any channel is still open.
    var isUsable: Bool { state.withLock { $0.slots.contains { $0.channel.channel.isActive } } }

    /// Runs `body` on the least busy channel, opening another first when all are busy and the limit allows.
    func withChannel<T: Sendable>(_ body: (SFTPChannel) async throws -> T) async throws -> T {
        let channel = try await acquire()
        defer { release(channel) }
        return try await body(channel)
    }

    private enum Choice {
        case use(SFTPChannel)
        case open
    }

    private func acquire() async throws -> SFTPChannel {
        let choice = state.withLock { state -> Choice in
            state.slots.removeAll { !$0.channel.channel.isActive && $0.calls == 0 }
            let idlest = state.slots.indices.min { state.slots[$0].calls < state.slots[$1].calls }
            if let idlest, state.slots[idlest].calls == 0 || state.slots.count + state.opening >= limit {
                state.slots[idlest].calls += 1
                return .use(state.slots[idlest].channel)
            }
            state.opening += 1
            return .open
        }
        switch choice {
        case .use(let channel):
            return channel
        case .open:
            let opened: SFTPChannel
            do {
                opened = try await SFTPChannel.open(on: connection)
            } catch {
                state.withLock { $0.opening -= 1 }
                throw error
            }
            state.withLock { state in
                state.opening -= 1
                state.slots.append(Slot(channel: opened, calls: 1))
            }
            return opened
        }
    }

    private func release(_ channel: SFTPChannel) {
        state.withLock { state in
            if let index = state.slots.firstIndex(where: { $0.channel === channel }) { state.slots[index].calls -= 1 }
        }
    }

    func close() async {
        for slot in state.withLock({ $0.slots }) { await slot.channel.close() }
    }
}
