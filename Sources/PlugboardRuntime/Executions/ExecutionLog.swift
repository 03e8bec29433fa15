import Logging
import PlugboardStore
import ServiceLifecycle
import Synchronization

/// The execution log's writer: records are buffered and written in batches, one transaction per batch,
/// so logging never adds a database write to an execution's latency.
///
/// Runs as a `Service`; it writes what is left at shutdown.
public final class ExecutionLog: Service, Sendable {
    private let store: any ExecutionStore
    private let logger: Logger
    private let buffer = Mutex<[ExecutionRecord]>([])
    private let interval: Duration

    /// A log that writes its buffer to `store` every `interval`.
    public init(store: any ExecutionStore, logger: Logger, interval: Duration = .milliseconds(200)) {
        self.store = store
        self.logger = logger
        self.interval = interval
    }

    func append(_ record: ExecutionRecord) {
        buffer.withLock { $0.append(record) }
    }

    /// Writes everything buffered so far.
    public func flush() async {
        let batch = buffer.withLock { buffer -> [ExecutionRecord] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.insertExecutions(batch)
        } catch {
            logger.error("Writing \(batch.count) execution records failed", metadata: ["error": "\(error)"])
        }
    }

    /// Flushes every interval until graceful shutdown, then flushes what is left.
    public func run() async throws {
        let interval = self.interval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
        await flush()
    }
}
