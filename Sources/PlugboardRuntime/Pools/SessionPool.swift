import PlugboardCore
import Synchronization

/// The sessions of one connector version. Every decision (which session, open one more, wait, back off, close) is
/// made by a `SessionPoolStateMachine` under a lock; this type holds the real sessions and the waiting callers beside
/// it and acts on the machine's answers outside the lock: opening in the caller's own task, closing, resuming.
///
/// There is no timer per waiter: a caller's deadline is enforced by cancelling its task (the runtime's call deadline),
/// and a waiter cancelled after its deadline fails with `too_many_connections`.
final class SessionPool<Session: ConnectorSession>: Sendable {
    /// Opens a session for the caller the machine chose, by the opening caller's deadline, with that caller's
    /// credential; says which credential version the session holds, nil when it reads the credential per call.
    typealias Opener = @Sendable (ContinuousClock.Instant) async throws -> (session: Session, credentialVersion: Int?)
    typealias Machine = SessionPoolStateMachine

    /// How many sessions, and how many calls each serves at once.
    let settings: PoolSettings
    private let state: Mutex<State>

    private struct State {
        var machine: Machine
        var sessions: [Machine.SessionID: Session] = [:]
        var waiters: [Machine.WaiterID: CheckedContinuation<Machine.WaiterResult, Never>] = [:]
        var nextWaiter: Machine.WaiterID = 0

        /// Takes what the machine asked for out of the state: continuations to resume and sessions to close.
        mutating func take(_ actions: Machine.Actions) -> Work {
            var work = Work()
            for (waiter, result) in actions.resume {
                if let continuation = waiters.removeValue(forKey: waiter) { work.resume.append((continuation, result)) }
            }
            for id in actions.close {
                if let session = sessions.removeValue(forKey: id) { work.close.append(session) }
            }
            return work
        }
    }

    /// What to do after an event, outside the lock.
    private struct Work {
        var resume: [(CheckedContinuation<Machine.WaiterResult, Never>, Machine.WaiterResult)] = []
        var close: [Session] = []

        func perform() async {
            for (continuation, result) in resume { continuation.resume(returning: result) }
            for session in close { await session.close() }
        }
    }

    /// A pool that opens sessions as the settings allow, each by the caller that needs it.
    init(settings: PoolSettings, backoff: RetryBackoff = RetryBackoff()) {
        self.settings = settings
        let machineSettings = Machine.Settings(
            maxSessions: settings.maxSessions, leasesPerSession: settings.leasesPerSession, idleTimeout: settings.idleTimeout,
            backoff: backoff)
        state = Mutex(State(machine: Machine(settings: machineSettings)))
    }

    /// Calls holding a lease now.
    var inUse: Int { state.withLock { $0.machine.leasesInUse } }

    /// Lends a session to `body` and takes it back, closing it when the body's failure means the connection broke.
    ///
    /// `deadline` says when a wait becomes `too_many_connections` once the caller's task is cancelled, and bounds
    /// opening. `credentialVersion` is the version the caller read: sessions opened with an older one are not lent
    /// again. When the pool needs one more session, `open` opens it in this caller's task. A dedicated lease (a
    /// subscription) holds a whole session for itself, which the idle sweep leaves alone.
    func withSession<T: Sendable>(
        deadline: ContinuousClock.Instant?, credentialVersion: Int = 0, dedicated: Bool = false, open: Opener,
        _ body: (Session) async throws -> T
    ) async throws -> T {
        if state.withLock({ $0.machine.credentialVersion < credentialVersion }) {
            await event { $0.machine.credentialSeen(credentialVersion, now: .now) }
        }
        let (id, session) = try await lease(deadline: deadline, dedicated: dedicated, open: open)
        do {
            let value = try await body(session)
            await event { $0.machine.released(id, broken: !session.isUsable, now: .now) }
            return value
        } catch {
            // Only a session that serves one call at a time is judged by one call's failure; any session whose
            // connection is gone is retired.
            let broken = (settings.leasesPerSession == 1 && Self.breaksSession(error)) || !session.isUsable
            await event { $0.machine.released(id, broken: broken, now: .now) }
            throw error
        }
    }

    private func lease(deadline: ContinuousClock.Instant?, dedicated: Bool, open: Opener) async throws -> (Machine.SessionID, Session) {
        let waiter = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Machine.WaiterResult, Never>) in
                let immediate = state.withLock { state -> Machine.WaiterResult? in
                    // Checked under the lock: a cancellation after this point waits for the lock and finds the waiter.
                    if Task.isCancelled { return .fail(Self.cancellation(deadline: deadline)) }
                    switch state.machine.leaseRequested(waiter, dedicated: dedicated, deadline: deadline, now: .now) {
                    case .lease(let id): return .lease(id)
                    case .open(let id): return .open(id)
                    case .fail(let failure): return .fail(failure)
                    case .wait:
                        state.waiters[waiter] = continuation
                        return nil
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> (CheckedContinuation<Machine.WaiterResult, Never>, Machine.WaiterResult)? in
                guard let result = state.machine.waiterCancelled(waiter, now: .now),
                    let continuation = state.waiters.removeValue(forKey: waiter)
                else { return nil }
                return (continuation, result)
            }
            if let cancelled { cancelled.0.resume(returning: cancelled.1) }
        }
        switch result {
        case .lease(let id):
            guard let session = state.withLock({ $0.sessions[id] }) else {
                throw ConnectorError(.internalError, message: "The pool lent a session it does not hold.")
            }
            return (id, session)
        case .open(let id):
            return (id, try await openSession(id, deadline: deadline ?? .now + .seconds(30), open: open))
        case .fail(let failure):
            throw error(for: failure)
        }
    }

    /// Opens the session the machine assigned to this caller, in the caller's own task.
    private func openSession(_ id: Machine.SessionID, deadline: ContinuousClock.Instant, open: Opener) async throws -> Session {
        do {
            let (session, credentialVersion) = try await open(deadline)
            await event { state in
                state.sessions[id] = session
                return state.machine.opened(id, credentialVersion: credentialVersion, now: .now)
            }
            return session
        } catch {
            // A caller that gave up (its deadline passed) says nothing about the service: others keep their chance.
            let abandoned = Task.isCancelled
            await event { state in
                abandoned ? state.machine.openAbandoned(id, now: .now) : state.machine.openFailed(id, error: error, now: .now)
            }
            throw error
        }
    }

    /// Feeds one event to the machine under the lock, then acts on its answer outside it.
    private func event(_ apply: (inout State) -> Machine.Actions) async {
        let work = state.withLock { state in state.take(apply(&state)) }
        await work.perform()
    }

    /// Closes sessions nobody used for longer than the idle timeout.
    func closeIdle(now: ContinuousClock.Instant) async {
        await event { $0.machine.idleSweep(now: now) }
    }

    /// Stops lending: idle sessions close now, busy ones when they come back; waiters are told to take the new pool.
    func retire() async {
        await event { $0.machine.retire() }
    }

    private func error(for failure: Machine.Failure) -> any Error {
        switch failure {
        case .tooManyConnections:
            return ConnectorError(
                .tooManyConnections,
                message: "No session of this connector became free before the deadline (\(settings.capacity) calls at once).")
        case .cancelled:
            return ConnectorError(.cancelled, message: "The execution was cancelled while waiting for a session.")
        case .retired:
            return SessionPoolRetired()
        case .openFailed(let error):
            return error
        }
    }

    private static func cancellation(deadline: ContinuousClock.Instant?) -> Machine.Failure {
        if let deadline, ContinuousClock.now >= deadline { return .tooManyConnections }
        return .cancelled
    }

    /// Failures after which a session should not be reused.
    static func breaksSession(_ error: any Error) -> Bool {
        if error is SessionPoolRetired { return false }
        guard let error = error as? ConnectorError else { return true }
        return [.connectionRefused, .connectionTimedOut, .tlsCertificate, .timedOut, .cancelled, .internalError].contains(error.code)
    }
}

/// Thrown to callers of a pool retired by a newer connector version: they take the new pool.
struct SessionPoolRetired: Error {}
