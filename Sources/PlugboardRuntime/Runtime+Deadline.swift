import NIOCore
import NIOPosix
import PlugboardCore
import Synchronization

extension Runtime {
    /// Runs `body` until it finishes or the deadline passes, whichever is first; cancels it on the deadline.
    ///
    /// A body still waiting for a pooled session when the deadline passes fails with `too_many_connections` (the pool
    /// says so when its wait is cancelled); one that was running fails with `timed_out`.
    ///
    /// The timer is an event loop's scheduled task, on the loop this call already runs on: a `Task.sleep` racing the
    /// body in a task group cost a child task and a wake-up of Dispatch's timer thread on every call.
    static func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let work = Task { try await body() }
        let expiry = Expiry()
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: (deadline - .now).timeAmount) {
            expiry.fire()
            work.cancel()
        }
        let result = await withTaskCancellationHandler {
            await work.result
        } onCancel: {
            work.cancel()
        }
        timer.cancel()
        guard expiry.hasFired else { return try result.get() }
        if case .failure(let error as ConnectorError) = result, error.code == .tooManyConnections { throw error }
        throw ConnectorError(.timedOut, message: "The action did not finish before its deadline.")
    }

    /// Whether a deadline's timer went off.
    private final class Expiry: Sendable {
        private let fired = Atomic(false)
        func fire() { fired.store(true, ordering: .releasing) }
        var hasFired: Bool { fired.load(ordering: .acquiring) }
    }
}
