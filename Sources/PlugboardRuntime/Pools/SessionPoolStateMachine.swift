/// The lending rules of one connector version's session pool: a value that takes events and returns actions.
///
/// Its owner keeps it behind a lock and performs the returned actions outside that lock: opening and closing
/// sessions, resuming waiting callers. The machine does no I/O and reads no clock, so every rule can be tested
/// with plain values. Sessions are named by ids the machine hands out, waiters by ids the owner hands in.
struct SessionPoolStateMachine: Sendable {
    typealias SessionID = Int
    typealias WaiterID = Int

    /// How many sessions a pool keeps and how many leases each one serves.
    struct Settings: Sendable, Hashable {
        /// Sessions open or opening at most; values below 1 count as 1.
        var maxSessions: Int
        /// Concurrent leases one session serves: 1 is exclusive (a database connection), more is multiplexed
        /// (an HTTP client, SSH or AMQP channels). Values below 1 count as 1.
        var leasesPerSession: Int
        /// A session with no lease for this long is closed by the idle sweep.
        var idleTimeout: Duration
        /// How opening backs off when it keeps failing, so a service that is down is not dialled by every caller.
        var backoff = RetryBackoff()
    }

    /// Why a caller gets no lease.
    enum Failure: Error, Sendable {
        /// The caller's deadline passed while it waited for a lease.
        case tooManyConnections
        /// The caller's task was cancelled while it waited.
        case cancelled
        /// The pool was retired because a newer connector version exists: retry on the new pool.
        case retired
        /// Opening failed, for this caller or recently for everyone during back-off; carries the last open error.
        case openFailed(any Error)
    }

    /// What a caller asking for a lease does next.
    enum RequestAction: Sendable {
        /// Use this open session; the caller holds one lease on it.
        case lease(SessionID)
        /// Open this new session in the caller's own task, then report `opened` or `openFailed`.
        case open(SessionID)
        /// Suspend until resumed through `Actions.resume` or until `waiterCancelled`.
        case wait
        /// Give up with this failure.
        case fail(Failure)
    }

    /// What a waiting caller is resumed with.
    enum WaiterResult: Sendable {
        /// Use this open session; the waiter holds one lease on it.
        case lease(SessionID)
        /// Open this new session in the waiter's own task, then report `opened` or `openFailed`.
        case open(SessionID)
        /// Give up with this failure.
        case fail(Failure)
    }

    /// Waiters to resume and sessions to close, produced by an event; the owner acts on them outside its lock.
    struct Actions: Sendable {
        /// Waiters to resume, oldest first, each exactly once.
        var resume: [(WaiterID, WaiterResult)] = []
        /// Open sessions to close; they are already out of the pool.
        var close: [SessionID] = []
    }

    /// One session slot, from the moment a caller is told to open it until it is closed or its opening fails.
    struct Session: Sendable {
        enum Phase: Sendable { case opening, open }

        var phase: Phase
        var leases = 0
        /// Held whole by one long-lived lease; no other lease is multiplexed onto it.
        var dedicated: Bool
        /// Takes no new leases and closes when its last lease returns.
        var broken = false
        /// The credential version the session was opened with, when opening read it; nil for a session that reads
        /// the credential per call, which a credential change leaves alone.
        var credentialVersion: Int?
        /// When the session was opened or last released, for the idle sweep.
        var idleSince: ContinuousClock.Instant
        /// Stamped when the session opens and at every release, so the warmest session is reused first.
        var recency = 0
    }

    /// A caller suspended until a lease, a slot to open, or a failure comes its way.
    struct Waiter: Sendable {
        var id: WaiterID
        var dedicated: Bool
        var deadline: ContinuousClock.Instant?
    }

    /// The run of open failures since the last successful open.
    struct OpenFailures: Sendable {
        var consecutive: Int
        var lastError: any Error
        /// Until this instant, requests that need a new session fail fast instead of opening one.
        var backoffUntil: ContinuousClock.Instant?
    }

    let settings: Settings
    /// Every session open or opening; a session leaves when it is closed or its opening fails.
    var sessions: [SessionID: Session] = [:]
    /// Callers waiting for a lease, oldest first.
    var waiters: [Waiter] = []
    /// Nil until an open fails, and again after an open succeeds.
    var openFailures: OpenFailures?
    /// True once a newer connector version replaced this pool: nothing more is lent.
    var isRetired = false
    /// The newest credential version a caller has read; sessions bound to an older one are not lent again.
    var credentialVersion = 0
    private var nextSessionID: SessionID = 0
    private var releaseClock = 0

    /// A pool with no sessions yet; sessions are opened on demand by the callers who need them.
    init(settings: Settings) {
        var settings = settings
        settings.maxSessions = max(settings.maxSessions, 1)
        settings.leasesPerSession = max(settings.leasesPerSession, 1)
        self.settings = settings
    }

    /// Leases currently held, for metrics.
    var leasesInUse: Int { sessions.values.reduce(0) { $0 + $1.leases } }

    /// Sessions open or opening.
    var sessionCount: Int { sessions.count }

    /// Callers waiting for a lease.
    var waiterCount: Int { waiters.count }
}

extension SessionPoolStateMachine {
    /// Leases the sessions now opening will have to spare once open, beyond the lease each opener keeps.
    var openingCapacity: Int {
        sessions.values.reduce(0) { total, session in
            session.phase == .opening && !session.dedicated ? total + settings.leasesPerSession - 1 : total
        }
    }

    /// The session a new lease goes to: open, healthy, not dedicated, with room; fewest leases first, then the
    /// most recently released, so exclusive pools keep reusing the warm connection.
    func sessionWithRoom() -> SessionID? {
        var best: (id: SessionID, session: Session)?
        for (id, session) in sessions
        where session.phase == .open && !session.broken && !session.dedicated
            && session.leases < settings.leasesPerSession
        {
            if let current = best {
                let fewer = session.leases < current.session.leases
                let warmer = session.leases == current.session.leases && session.recency > current.session.recency
                guard fewer || warmer else { continue }
            }
            best = (id, session)
        }
        return best?.id
    }

    /// Marks a session as just used, for the idle sweep and for LIFO reuse.
    mutating func touch(_ session: inout Session, now: ContinuousClock.Instant) {
        releaseClock += 1
        session.recency = releaseClock
        session.idleSince = now
    }

    /// Whether a caller who needs a new session may open one now, must wait, or fails fast during back-off.
    ///
    /// Once back-off is engaged, only one session opens at a time after the window (the probe); other callers
    /// wait for its outcome instead of all dialling a service that may still be down.
    func openDecision(now: ContinuousClock.Instant) -> RequestAction {
        guard sessions.count < settings.maxSessions else { return .wait }
        if let failures = openFailures, let until = failures.backoffUntil {
            if now < until { return .fail(.openFailed(failures.lastError)) }
            if sessions.values.contains(where: { $0.phase == .opening }) { return .wait }
        }
        return .open(nextSessionID)
    }

    /// Finds a caller its lease, its slot to open, or the reason it must wait or fail, and books it.
    ///
    /// `unpromisedCapacity` counts the spare leases of opening sessions not yet promised to an earlier waiter;
    /// a normal caller covered by it waits for that session instead of opening another one.
    mutating func place(
        dedicated: Bool,
        unpromisedCapacity: inout Int,
        now: ContinuousClock.Instant
    ) -> RequestAction {
        if let id = sessionWithRoom(), var session = sessions[id], !dedicated || session.leases == 0 {
            session.leases += 1
            session.dedicated = dedicated
            sessions[id] = session
            return .lease(id)
        }
        if !dedicated, unpromisedCapacity > 0 {
            unpromisedCapacity -= 1
            return .wait
        }
        let decision = openDecision(now: now)
        guard case .open(let id) = decision else { return decision }
        nextSessionID += 1
        sessions[id] = Session(phase: .opening, dedicated: dedicated, idleSince: now)
        if !dedicated { unpromisedCapacity += settings.leasesPerSession - 1 }
        return .open(id)
    }

    /// Hands freed leases and slots to waiters in FIFO order, skipping those that cannot be served yet, so a
    /// dedicated waiter at the head does not hold up normal waiters behind it.
    mutating func serveWaiters(now: ContinuousClock.Instant) -> [(WaiterID, WaiterResult)] {
        guard !isRetired, !waiters.isEmpty else { return [] }
        var resumed: [(WaiterID, WaiterResult)] = []
        var stillWaiting: [Waiter] = []
        var unpromisedCapacity = openingCapacity
        for (index, waiter) in waiters.enumerated() {
            if sessionWithRoom() == nil, case .wait = openDecision(now: now) {
                // No room and no slot: nobody further down the queue can be served either.
                stillWaiting += waiters[index...]
                break
            }
            switch place(dedicated: waiter.dedicated, unpromisedCapacity: &unpromisedCapacity, now: now) {
            case .lease(let id): resumed.append((waiter.id, .lease(id)))
            case .open(let id): resumed.append((waiter.id, .open(id)))
            case .fail(let failure): resumed.append((waiter.id, .fail(failure)))
            case .wait: stillWaiting.append(waiter)
            }
        }
        waiters = stillWaiting
        return resumed
    }
}
