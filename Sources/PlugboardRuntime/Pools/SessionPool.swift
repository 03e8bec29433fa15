import PlugboardCore

/// The sessions of one connector version, capped at `settings.size`.
///
/// Exclusive pools lend each session to one execution at a time (database connections); shared pools lend one
/// session to up to `size` executions at once (HTTP clients). A caller who cannot get a session before its
/// deadline gets `too_many_connections`, never a hang.
actor SessionPool<Session: ConnectorSession> {
    typealias Opener = @Sendable (ContinuousClock.Instant) async throws -> Session

    let settings: PoolSettings
    private let open: Opener
    private var idle: [(session: Session, since: ContinuousClock.Instant)] = []
    /// Sessions open or opening (exclusive), or permits in use (shared).
    private var occupied = 0
    private var shared: (Session)?
    private var sharedOpening: Task<Session, Error>?
    private var lastUse = ContinuousClock.now
    private var waiters: [Int: CheckedContinuation<Void, Error>] = [:]
    private var waiterOrder: [Int] = []
    private var nextWaiter = 0
    private var retired = false

    init(settings: PoolSettings, open: @escaping Opener) {
        self.settings = settings
        self.open = open
    }

    /// Executions currently holding a session or permit.
    var inUse: Int { settings.shared ? occupied : occupied - idle.count }

    /// Lends a session to `body` and takes it back, closing it when the body reports it broken.
    func withSession<T: Sendable>(
        deadline: ContinuousClock.Instant,
        _ body: @Sendable (Session) async throws -> T
    ) async throws -> T {
        let session = try await acquire(deadline: deadline)
        do {
            let result = try await body(session)
            await release(session, broken: false)
            return result
        } catch {
            await release(session, broken: Self.breaksSession(error))
            throw error
        }
    }

    private func acquire(deadline: ContinuousClock.Instant) async throws -> Session {
        while true {
            if retired { throw SessionPoolRetired() }
            if settings.shared {
                if occupied < settings.size {
                    occupied += 1
                    do {
                        return try await sharedSession(deadline: deadline)
                    } catch {
                        occupied -= 1
                        wakeOne()
                        throw error
                    }
                }
            } else if let entry = idle.popLast() {
                return entry.session
            } else if occupied < settings.size {
                occupied += 1
                do {
                    return try await open(deadline)
                } catch {
                    occupied -= 1
                    wakeOne()
                    throw error
                }
            }
            try await wait(until: deadline)
        }
    }

    private func sharedSession(deadline: ContinuousClock.Instant) async throws -> Session {
        if let shared { return shared }
        if let sharedOpening { return try await sharedOpening.value }
        let open = self.open
        let task = Task { try await open(deadline) }
        sharedOpening = task
        defer { sharedOpening = nil }
        let session = try await task.value
        shared = session
        return session
    }

    private func release(_ session: Session, broken: Bool) async {
        lastUse = .now
        if settings.shared {
            occupied -= 1
            if retired && occupied == 0 { await closeShared() }
        } else if broken || retired {
            occupied -= 1
            await session.close()
        } else {
            idle.append((session, .now))
        }
        wakeOne()
    }

    private func wait(until deadline: ContinuousClock.Instant) async throws {
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.expire(id)
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters[id] = continuation
                waiterOrder.append(id)
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func expire(_ id: Int) {
        resumeWaiter(id, with: .failure(ConnectorError(
            .tooManyConnections, message: "No session of this connector became free before the deadline (pool size \(settings.size)).")))
    }

    private func cancelWaiter(_ id: Int) {
        resumeWaiter(id, with: .failure(ConnectorError(.cancelled, message: "The execution was cancelled while waiting for a session.")))
    }

    private func resumeWaiter(_ id: Int, with result: Result<Void, Error>) {
        guard let continuation = waiters.removeValue(forKey: id) else { return }
        waiterOrder.removeAll { $0 == id }
        continuation.resume(with: result)
    }

    private func wakeOne() {
        guard let id = waiterOrder.first else { return }
        resumeWaiter(id, with: .success(()))
    }

    /// Closes sessions idle for longer than the pool's idle timeout.
    func closeIdle(now: ContinuousClock.Instant) async {
        let limit = now - settings.idleTimeout
        let expired = idle.filter { $0.since < limit }
        idle.removeAll { $0.since < limit }
        occupied -= expired.count
        for entry in expired { await entry.session.close() }
        if settings.shared, occupied == 0, lastUse < limit { await closeShared() }
    }

    /// Stops lending: idle sessions close now, busy ones when they come back; waiters are told to retry.
    func retire() async {
        retired = true
        let closing = idle
        idle.removeAll()
        occupied -= closing.count
        for entry in closing { await entry.session.close() }
        if settings.shared && occupied == 0 { await closeShared() }
        for id in waiterOrder { resumeWaiter(id, with: .success(())) }
    }

    private func closeShared() async {
        guard let session = shared else { return }
        shared = nil
        await session.close()
    }


    /// Failures after which an exclusive session should not be reused.
    static func breaksSession(_ error: Error) -> Bool {
        if error is SessionPoolRetired { return false }
        guard let error = error as? ConnectorError else { return true }
        return [.connectionRefused, .connectionTimedOut, .tlsCertificate, .timedOut, .cancelled, .internalError].contains(error.code)
    }
}

/// Thrown to callers of a pool retired by a newer connector or credential version: they take the new pool.
struct SessionPoolRetired: Error {}
