import Foundation
import Logging
import PlugboardStore
import ServiceLifecycle
import Synchronization

/// The execution log's writer: records are buffered and written in batches, one transaction per batch,
/// so logging never adds a database write to an execution's latency. Records older than the retention are
/// deleted at start and hourly after (by every replica of a shared store; the delete is the same for each).
///
/// Runs as a `Service`; it writes what is left at shutdown.
public final class ExecutionLog: Service, Sendable {
    private let store: any ExecutionStore
    private let logger: Logger
    private let buffer = Mutex<[ExecutionRecord]>([])
    private let interval: Duration
    /// How long records are kept; nil keeps them forever.
    private let retention: Duration?

    /// How often records past the retention are deleted.
    static let pruneInterval: Duration = .seconds(3600)

    /// A log that writes its buffer to `store` every `interval` and deletes records older than `retention`.
    public init(store: any ExecutionStore, logger: Logger, interval: Duration = .milliseconds(200), retention: Duration? = nil) {
        self.store = store
        self.logger = logger
        self.interval = interval
        self.retention = retention
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

    /// Flushes every interval until graceful shutdown, then flushes what is left; prunes at start and hourly.
    public func run() async throws {
        let interval = self.interval
        var nextPrune = ContinuousClock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if ContinuousClock.now >= nextPrune {
                await prune()
                nextPrune = .now + Self.pruneInterval
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
        await flush()
    }

    /// Deletes the records older than the retention.
    public func prune() async {
        guard let retention else { return }
        let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
        do {
            let deleted = try await store.deleteExecutions(startedBefore: cutoff)
            if deleted > 0 { logger.info("Deleted \(deleted) execution records past the retention") }
        } catch {
            logger.warning("Deleting execution records past the retention failed", metadata: ["error": "\(error)"])
        }
    }
}
