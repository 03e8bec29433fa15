import Foundation
import Logging
import PlugboardCore
import PlugboardStore
import ServiceLifecycle
import Synchronization

/// Runs queued workflow runs: claims them from the store under a lease (so one process runs each), runs each in a
/// child task, renews the leases while they run, and writes how each ended.
///
/// A run this process dies in keeps its lease until it lapses; then any runner claims it and the engine resumes
/// after its last finished step. On SIGTERM running runs are interrupted, not failed: their leases are let go, so
/// the next start resumes them at once.
public final class WorkflowRunner: Service, Sendable {
    let runtime: Runtime
    /// This process's name on the leases it holds.
    let owner = Identifier.make("runner")
    /// Runs this process runs at once, across workflows (each workflow also has its own limit).
    let capacity: Int
    /// How long a claimed run stays this process's without a renewal.
    let lease: Duration
    /// How often the store is asked for runs nobody rang about (queued by another replica, or whose lease lapsed).
    let pollInterval: Duration
    private let doorbell = AsyncSignal()
    private let inFlight = Mutex<[String: RunHandle]>([:])
    private let ended = Mutex<[String: [AsyncSignal]]>([:])

    /// What the runner keeps about a run it is running.
    private final class RunHandle: Sendable {
        let interrupt = AsyncSignal()
        let cancelledByUser = Atomic<Bool>(false)
    }

    public init(runtime: Runtime, capacity: Int = 16, lease: Duration = .seconds(30), pollInterval: Duration = .seconds(1)) {
        self.runtime = runtime
        self.capacity = capacity
        self.lease = lease
        self.pollInterval = pollInterval
    }

    /// Creates workflows and queues runs, ringing this runner when one is queued.
    public var catalog: WorkflowCatalog {
        WorkflowCatalog(runtime: runtime, queued: { [doorbell] in doorbell.fire() })
    }

    /// Wakes the runner to look for queued runs now.
    func ring() { doorbell.fire() }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.renewLeases() }
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    await self.claim(into: &group)
                    await self.doorbell.wait(timeout: self.pollInterval)
                }
                for handle in self.inFlight.withLock({ Array($0.values) }) { handle.interrupt.fire() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.doorbell.fire()
        }
        do {
            try await runtime.store.releaseRunLeases(owner: owner)
        } catch {
            runtime.logger.warning("Could not let go of workflow run leases", metadata: ["error": "\(error)"])
        }
    }

    /// Cancels a run this process is running; a run elsewhere stops when its runner sees the store's flag.
    public func cancel(runID: String) {
        guard let handle = inFlight.withLock({ $0[runID] }) else { return }
        handle.cancelledByUser.store(true, ordering: .relaxed)
        handle.interrupt.fire()
    }

    /// The run once it has ended, or as it is when `timeout` passes first.
    public func waitForEnd(applicationID: String, runID: String, timeout: Duration) async throws -> WorkflowRunRecord {
        let deadline = ContinuousClock.now + timeout
        let signal = AsyncSignal()
        ended.withLock { $0[runID, default: []].append(signal) }
        defer { ended.withLock { $0[runID]?.removeAll { $0 === signal } } }
        while true {
            guard let run = try await runtime.store.run(applicationID: applicationID, id: runID) else {
                throw ConnectorError.notFound("run", runID)
            }
            let remaining = deadline - .now
            if run.status.isFinal || remaining <= .zero || Task.isCancelled { return run }
            await signal.wait(timeout: min(remaining, pollInterval))
        }
    }

    private func claim(into group: inout DiscardingTaskGroup) async {
        let free = capacity - inFlight.withLock { $0.count }
        guard free > 0 else { return }
        let runs: [WorkflowRunRecord]
        do {
            let now = Date()
            runs = try await runtime.store.claimRuns(owner: owner, leaseUntil: now.addingTimeInterval(lease.timeInterval), now: now, limit: free)
        } catch {
            runtime.logger.warning("Could not claim workflow runs", metadata: ["error": "\(error)"])
            return
        }
        for run in runs {
            let handle = RunHandle()
            inFlight.withLock { $0[run.id] = handle }
            group.addTask { await self.execute(run, handle) }
        }
    }

    /// Runs the engine until it ends or the handle is interrupted, then writes the ending.
    private func execute(_ run: WorkflowRunRecord, _ handle: RunHandle) async {
        let engine = WorkflowEngine(runtime: runtime)
        let ending = await withTaskGroup(of: WorkflowEngine.Ending?.self) { group in
            group.addTask { await engine.execute(run) }
            group.addTask {
                await handle.interrupt.wait()
                return nil
            }
            var ending: WorkflowEngine.Ending = .interrupted
            while let next = await group.next() {
                group.cancelAll()
                if let next { ending = next }
            }
            return ending
        }
        await finish(run, ending, cancelledByUser: handle.cancelledByUser.load(ordering: .relaxed))
        inFlight.withLock { $0[run.id] = nil }
        for signal in ended.withLock({ $0[run.id] ?? [] }) { signal.fire() }
        doorbell.fire()
    }

    private func finish(_ run: WorkflowRunRecord, _ ending: WorkflowEngine.Ending, cancelledByUser: Bool) async {
        let store = runtime.store
        do {
            switch ending {
            case .succeeded(let output):
                try await store.finishRun(id: run.id, status: .succeeded, output: output.map { WorkflowEngine.storable($0).value }, error: nil, at: Date())
            case .failed(let error):
                try await store.finishRun(id: run.id, status: .failed, output: nil, error: error.json, at: Date())
            case .interrupted:
                let requested = try await store.runCancelRequested(id: run.id)
                guard cancelledByUser || requested else { return }
                let error = ConnectorError(.cancelled, message: "The run was cancelled while it ran.")
                try await store.finishRun(id: run.id, status: .cancelled, output: nil, error: error.json, at: Date())
            }
        } catch {
            runtime.logger.error("Could not record how a workflow run ended", metadata: ["run": "\(run.id)", "error": "\(error)"])
        }
    }

    /// Renews this process's leases a few times per lease, and stops runs whose cancel another process asked for.
    private func renewLeases() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: lease / 3)
            guard !Task.isCancelled else { return }
            do {
                try await runtime.store.renewRunLeases(owner: owner, until: Date().addingTimeInterval(lease.timeInterval))
                for runID in inFlight.withLock({ Array($0.keys) }) where try await runtime.store.runCancelRequested(id: runID) {
                    cancel(runID: runID)
                }
            } catch {
                runtime.logger.warning("Could not renew workflow run leases", metadata: ["error": "\(error)"])
            }
        }
    }
}
