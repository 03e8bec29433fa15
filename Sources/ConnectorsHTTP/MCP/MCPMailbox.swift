import PlugboardCore
import Synchronization

/// Answers delivered by a reading task to the calls waiting for them, matched by key (a JSON-RPC id).
///
/// A call registers its key before sending, so an answer that arrives before the call starts waiting is kept.
/// Waiting ends with the answer, with the error the mailbox was closed with, or with cancellation.
final class MCPMailbox<Value: Sendable>: Sendable {
    private enum Slot {
        case expected(CheckedContinuation<Value, any Error>?)
        case arrived(Value)
    }

    private struct State {
        var slots: [Int64: Slot] = [:]
        var closed: (any Error)?
    }

    private let state = Mutex(State())

    init() {}

    /// Announces that an answer for `key` will be waited for.
    func expect(_ key: Int64) {
        state.withLock { state in
            if state.closed == nil { state.slots[key] = .expected(nil) }
        }
    }

    /// Delivers the answer for `key`; answers nobody expects are dropped.
    func deliver(_ value: Value, for key: Int64) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            guard case .expected(let continuation)? = state.slots[key] else { return nil }
            if let continuation {
                state.slots[key] = nil
                return continuation
            }
            state.slots[key] = .arrived(value)
            return nil
        }
        waiter?.resume(returning: value)
    }

    /// Waits for the answer for `key`, which must have been expected.
    func wait(for key: Int64) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let outcome: Result<Value, any Error>? = state.withLock { state in
                    switch state.slots[key] {
                    case .arrived(let value)?:
                        state.slots[key] = nil
                        return .success(value)
                    case .expected?:
                        if Task.isCancelled {
                            state.slots[key] = nil
                            return .failure(CancellationError())
                        }
                        state.slots[key] = .expected(continuation)
                        return nil
                    case nil:
                        return .failure(state.closed ?? CancellationError())
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            forget(key, with: CancellationError())
        }
    }

    /// Stops waiting for `key`, failing its waiter with `error`.
    func forget(_ key: Int64, with error: any Error = CancellationError()) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            defer { state.slots[key] = nil }
            if case .expected(let continuation)? = state.slots[key] { return continuation }
            return nil
        }
        waiter?.resume(throwing: error)
    }

    /// Fails every waiter, now and later, with `error`.
    func close(with error: any Error) {
        let waiters: [CheckedContinuation<Value, any Error>] = state.withLock { state in
            if state.closed == nil { state.closed = error }
            var waiting: [CheckedContinuation<Value, any Error>] = []
            // Answers that already arrived stay for their callers; only those still waiting fail.
            for (key, slot) in state.slots {
                guard case .expected(let continuation) = slot else { continue }
                state.slots[key] = nil
                if let continuation { waiting.append(continuation) }
            }
            return waiting
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
