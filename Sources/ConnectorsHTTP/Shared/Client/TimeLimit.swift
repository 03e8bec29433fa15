import PlugboardCore

/// Bounds work that has no deadline of its own (reading an event stream, waiting for an answer or a protocol's
/// reply) by a deadline.
public enum TimeLimit {
    /// Runs `body`, cancelling it and throwing `failure` when `deadline` passes first.
    public static func run<T: Sendable>(
        until deadline: ContinuousClock.Instant, orThrow failure: ConnectorError, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw failure }
            return value
        }
    }
}
