import PlugboardCore
import Synchronization

/// Bounds reading a stream whose pieces may pause (an LLM's tokens): the first piece must come by one deadline, and
/// each later one within an idle time of the one before; the call's deadline bounds it all.
public struct StreamWatchdog: Sendable {
    /// When the first piece must have come.
    public var firstPiece: ContinuousClock.Instant
    /// The longest pause between two pieces.
    public var idle: Duration
    /// The call's deadline.
    public var limit: ContinuousClock.Instant

    public init(firstPiece: ContinuousClock.Instant, idle: Duration, limit: ContinuousClock.Instant) {
        self.firstPiece = firstPiece
        self.idle = idle
        self.limit = limit
    }

    /// Why reading stopped early.
    public enum Expiry: Sendable {
        /// No piece came before the first-piece deadline.
        case noFirstPiece
        /// A pause between pieces outlasted the idle time.
        case idle
        /// The call's deadline passed.
        case callDeadline
    }

    /// Tells the watchdog a piece arrived.
    public final class Progress: Sendable {
        /// When the last piece came; nil before the first.
        fileprivate let state = Mutex<ContinuousClock.Instant?>(nil)

        /// Moves the deadline to an idle time from now.
        public func arrived() {
            state.withLock { $0 = .now }
        }
    }

    /// Runs `body`, cancelling it and throwing `expired(reason)` when a deadline passes first.
    public func run<T: Sendable>(
        expired: @escaping @Sendable (Expiry) -> ConnectorError, _ body: @escaping @Sendable (Progress) async throws -> T
    ) async throws -> T {
        let progress = Progress()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body(progress) }
            group.addTask {
                while true {
                    let last = progress.state.withLock { $0 }
                    // Before the first piece, look again every idle time, so a first piece that comes early starts the
                    // idle clock at most one idle time late.
                    let due = last.map { $0 + idle } ?? min(firstPiece, .now + idle)
                    try await Task.sleep(until: min(due, limit), clock: .continuous)
                    let now = ContinuousClock.now
                    if now >= limit { throw expired(.callDeadline) }
                    let current = progress.state.withLock { $0 }
                    if current == nil, now >= firstPiece { throw expired(.noFirstPiece) }
                    if let current, current == last, now >= current + idle { throw expired(.idle) }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw expired(.callDeadline) }
            return value
        }
    }
}
