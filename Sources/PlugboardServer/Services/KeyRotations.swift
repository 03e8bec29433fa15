import Logging
import PlugboardCore
import PlugboardStore
import ServiceLifecycle

/// Runs master-key rotations inside the service group, so SIGTERM waits for one in progress instead of cutting it
/// off, and none starts after shutdown has begun.
final class KeyRotations: Service {
    private struct Job: Sendable {
        let rotation: KeyRotation
        let report: AsyncStream<JSONValue>.Continuation
        let logger: Logger
    }

    private let jobs: AsyncStream<Job>
    private let queue: AsyncStream<Job>.Continuation

    init() {
        (jobs, queue) = AsyncStream.makeStream(of: Job.self)
    }

    /// Starts `rotation`; its progress comes back as NDJSON lines (`RotationProgress`), ending when it is done. A
    /// rotation asked for while the server is stopping reports that it failed.
    func start(_ rotation: KeyRotation, logger: Logger) -> AsyncStream<JSONValue> {
        let (lines, report) = AsyncStream.makeStream(of: JSONValue.self)
        if case .terminated = queue.yield(Job(rotation: rotation, report: report, logger: logger)) {
            let failure = ConnectorError(.unavailable, message: "Plugboard is shutting down; rotate the keys after it restarts.")
            report.yield(["phase": "failed", "error": failure.json])
            report.finish()
        }
        return lines
    }

    /// Runs each rotation as it is asked for. At graceful shutdown the queue closes: rotations asked for before still
    /// run, later ones are refused, and the running ones finish before this returns.
    func run() async throws {
        let queue = self.queue
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await job in jobs {
                    group.addTask { await Self.perform(job) }
                }
            } onGracefulShutdown: {
                queue.finish()
            }
        }
    }

    private static func perform(_ job: Job) async {
        do {
            try await job.rotation.run { event in job.report.yield(KeysController.progressLine(event)) }
        } catch {
            let failure = (error as? ConnectorError) ?? ConnectorError.internal("The rotation stopped unexpectedly.")
            job.logger.error("Master key rotation failed", metadata: ["error": "\(failure)"])
            job.report.yield(["phase": "failed", "error": failure.json])
        }
        job.report.finish()
    }
}
