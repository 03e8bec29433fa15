import NIOCore
import NIOPosix
import PlugboardCore

extension Runtime {
    /// Runs `body` until it finishes or the deadline passes, whichever is first; cancels it on the deadline.
    ///
    /// A body still waiting for a pooled session when the deadline passes fails with `too_many_connections` (the pool
    /// says so when its wait is cancelled); one that was running fails with `timed_out`.
    ///
    /// The deadline is an event loop's scheduled task, on the loop the call already runs on, awaited by a child task
    /// beside the body: a `Task.sleep` there cost a wake-up of Dispatch's timer thread on every call.
    static func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await expiry(at: deadline)
                return nil
            }
            if let first = try await group.next(), let value = first {
                group.cancelAll()
                return value
            }
            group.cancelAll()
            if case .failure(let error as ConnectorError) = await group.nextResult(), error.code == .tooManyConnections {
                throw error
            }
            throw ConnectorError(.timedOut, message: "The action did not finish before its deadline.")
        }
    }

    /// Returns at `deadline`; throws as soon as the task is cancelled, taking the timer off its loop.
    private static func expiry(at deadline: ContinuousClock.Instant) async throws {
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: (deadline - .now).timeAmount) {}
        try await withTaskCancellationHandler {
            do {
                try await timer.futureResult.get()
            } catch {
                // The timer fails only when cancelled: say so as Swift does, so a caller that went away is `cancelled`.
                throw CancellationError()
            }
        } onCancel: {
            timer.cancel()
        }
    }
}
