import PlugboardCore
import Logging

extension Runtime {
    /// Counts the execution as in flight, refusing new ones once draining has begun.
    func tracked<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let admitted = state.withLock { state -> Bool in
            guard !state.draining else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else {
            throw ConnectorError(.unavailable, message: "Plugboard is shutting down and takes no new executions.")
        }
        defer {
            let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.inFlight -= 1
                guard state.draining, state.inFlight == 0 else { return [] }
                defer { state.drained.removeAll() }
                return state.drained
            }
            for continuation in waiting { continuation.resume() }
        }
        return try await body()
    }

    /// Executions running now.
    public var inFlight: Int { state.withLock { $0.inFlight } }

    /// Stops admitting executions and waits for those in flight, then closes every session and writes the log.
    public func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                state.draining = true
                if state.inFlight == 0 { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        await pools.closeAll()
        await executionLog.flush()
    }

    /// Any failure as a `ConnectorError`; unexpected ones are logged and reported without their internals.
    static func connectorError(from error: Error, logger: Logger) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        if error is CancellationError {
            return ConnectorError(.cancelled, message: "The execution was cancelled.")
        }
        logger.error("Unexpected failure in an execution", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        return ConnectorError(.internalError, message: "The execution failed unexpectedly.")
    }
}
