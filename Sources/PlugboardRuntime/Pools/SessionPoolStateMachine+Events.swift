extension SessionPoolStateMachine {
    /// A caller asks for a lease: it gets one at once, is told to open a new session, waits, or fails.
    ///
    /// A `dedicated` lease holds a whole session for a long-lived subscription (a LISTEN connection, a Kafka
    /// consumer): it takes only a session with no other lease and shares it with nobody. A caller whose `deadline`
    /// has already passed fails with `.tooManyConnections` instead of waiting.
    mutating func leaseRequested(
        _ waiter: WaiterID,
        dedicated: Bool = false,
        deadline: ContinuousClock.Instant?,
        now: ContinuousClock.Instant
    ) -> RequestAction {
        guard !isRetired else { return .fail(.retired) }
        var unpromisedCapacity = openingCapacity - waiters.count(where: { !$0.dedicated })
        let action = place(dedicated: dedicated, unpromisedCapacity: &unpromisedCapacity, now: now)
        guard case .wait = action else { return action }
        if let deadline, now >= deadline { return .fail(.tooManyConnections) }
        waiters.append(Waiter(id: waiter, dedicated: dedicated, deadline: deadline))
        return .wait
    }

    /// The caller told to open `session` opened it: it holds the first lease, and the spare ones go to waiters.
    /// `credentialVersion` is the version opening read, nil when it read none.
    ///
    /// A success ends any back-off. If the pool was retired meanwhile, or the credential changed since the opener
    /// read it, the opener keeps its lease and the session closes when released.
    mutating func opened(_ session: SessionID, credentialVersion: Int? = nil, now: ContinuousClock.Instant) -> Actions {
        guard var opened = sessions[session], opened.phase == .opening else { return Actions() }
        opened.phase = .open
        opened.leases = 1
        opened.credentialVersion = credentialVersion
        if let credentialVersion, credentialVersion < self.credentialVersion { opened.broken = true }
        touch(&opened, now: now)
        sessions[session] = opened
        openFailures = nil
        return Actions(resume: serveWaiters(now: now))
    }

    /// A caller read credential version `version`. When it is newer than any seen before, sessions opened with an
    /// older version take no new leases: idle ones close now, busy ones when their last lease returns, and the slots
    /// they free go to waiters. Sessions that read the credential per call are left alone.
    mutating func credentialSeen(_ version: Int, now: ContinuousClock.Instant) -> Actions {
        guard version > credentialVersion else { return Actions() }
        credentialVersion = version
        var close: [SessionID] = []
        for (id, var session) in sessions.sorted(by: { $0.key < $1.key }) {
            guard let bound = session.credentialVersion, bound < version, session.phase == .open else { continue }
            if session.leases == 0 {
                sessions[id] = nil
                close.append(id)
            } else {
                session.broken = true
                sessions[id] = session
            }
        }
        return Actions(resume: serveWaiters(now: now), close: close)
    }

    /// The caller told to open `session` could not: the slot is freed and every waiter fails fast.
    ///
    /// Waiters would only dial the failing service again. After `backoff.afterFailures` consecutive failures,
    /// callers that need a new session fail fast until the back-off window has passed.
    mutating func openFailed(_ session: SessionID, error: any Error, now: ContinuousClock.Instant) -> Actions {
        guard sessions[session]?.phase == .opening else { return Actions() }
        sessions[session] = nil
        let consecutive = (openFailures?.consecutive ?? 0) + 1
        let window = settings.backoff.window(afterConsecutiveFailures: consecutive)
        openFailures = OpenFailures(
            consecutive: consecutive,
            lastError: error,
            backoffUntil: window.map { now + $0 }
        )
        let failed = waiters.map { ($0.id, WaiterResult.fail(.openFailed(error))) }
        waiters.removeAll()
        return Actions(resume: failed)
    }

    /// The caller told to open `session` gave up before it finished (its deadline passed or its task was cancelled):
    /// the slot goes to the next waiter. It says nothing about the service, so nobody fails and no back-off starts.
    mutating func openAbandoned(_ session: SessionID, now: ContinuousClock.Instant) -> Actions {
        guard sessions[session]?.phase == .opening else { return Actions() }
        sessions[session] = nil
        return Actions(resume: serveWaiters(now: now))
    }

    /// A lease on `session` came back; the freed lease or slot goes to the first waiters that can use it.
    ///
    /// A `broken` session (the call failed in a way that breaks the connection) takes no new leases and is
    /// closed with its last lease, as is every session of a retired pool.
    mutating func released(_ session: SessionID, broken: Bool, now: ContinuousClock.Instant) -> Actions {
        guard var released = sessions[session], released.phase == .open, released.leases > 0 else {
            return Actions()
        }
        released.leases -= 1
        released.dedicated = false
        released.broken = released.broken || broken
        touch(&released, now: now)
        var close: [SessionID] = []
        if released.leases == 0, released.broken || isRetired {
            sessions[session] = nil
            close.append(session)
        } else {
            sessions[session] = released
        }
        return Actions(resume: serveWaiters(now: now), close: close)
    }

    /// A waiting caller's task was cancelled; the owner calls this from its cancellation handler.
    ///
    /// Returns the failure to resume it with: `.tooManyConnections` once its deadline has passed, else
    /// `.cancelled`. Returns nil when the waiter was already resumed, whose result then stands. Deadlines are
    /// enforced only this way, by cancelling the caller's task from outside: the machine keeps no timers.
    mutating func waiterCancelled(_ waiter: WaiterID, now: ContinuousClock.Instant) -> WaiterResult? {
        guard let index = waiters.firstIndex(where: { $0.id == waiter }) else { return nil }
        let cancelled = waiters.remove(at: index)
        if let deadline = cancelled.deadline, now >= deadline { return .fail(.tooManyConnections) }
        return .fail(.cancelled)
    }

    /// Closes the open sessions that have had no lease for `idleTimeout`; a session with a lease is never closed.
    mutating func idleSweep(now: ContinuousClock.Instant) -> Actions {
        let expired = sessions.filter { _, session in
            session.phase == .open && session.leases == 0
                && session.idleSince.duration(to: now) >= settings.idleTimeout
        }.keys.sorted()
        for id in expired { sessions[id] = nil }
        return Actions(resume: serveWaiters(now: now), close: expired)
    }

    /// Stops lending because a newer connector version exists: waiters fail with `.retired`, idle sessions close.
    ///
    /// Leased sessions close when their last lease returns, opening ones when released after `opened` (or are
    /// forgotten on `openFailed`). Later requests fail with `.retired`.
    mutating func retire() -> Actions {
        guard !isRetired else { return Actions() }
        isRetired = true
        let failed = waiters.map { ($0.id, WaiterResult.fail(.retired)) }
        waiters.removeAll()
        let idle = sessions.filter { $0.value.phase == .open && $0.value.leases == 0 }.keys.sorted()
        for id in idle { sessions[id] = nil }
        return Actions(resume: failed, close: idle)
    }
}
