import PlugboardCore
@testable import PlugboardRuntime
import Synchronization
import Testing

/// Counts sessions opened, closed and in use at once, to check the pool's promises.
final class SessionLedger: Sendable {
    struct Counts { var opened = 0, closed = 0, busy = 0, peakBusy = 0 }
    let counts = Mutex(Counts())

    func makeSession() -> CountedSession {
        counts.withLock { $0.opened += 1 }
        return CountedSession(ledger: self)
    }

    func snapshot() -> Counts { counts.withLock { $0 } }
}

struct CountedSession: ConnectorSession {
    let ledger: SessionLedger

    func use(for duration: Duration) async throws {
        ledger.counts.withLock { $0.busy += 1; $0.peakBusy = max($0.peakBusy, $0.busy) }
        defer { ledger.counts.withLock { $0.busy -= 1 } }
        try await Task.sleep(for: duration)
    }

    func close() async { ledger.counts.withLock { $0.closed += 1 } }
}

/// A pool whose sessions all open the same way and hold no credential, as the runtime's calls would each open them.
struct OpeningPool: Sendable {
    let pool: SessionPool<CountedSession>
    let open: @Sendable (ContinuousClock.Instant) async throws -> CountedSession

    init(
        settings: PoolSettings, backoff: RetryBackoff = .init(),
        open: @escaping @Sendable (ContinuousClock.Instant) async throws -> CountedSession
    ) {
        pool = SessionPool(settings: settings, backoff: backoff)
        self.open = open
    }

    var inUse: Int { pool.inUse }

    func withSession<T: Sendable>(
        deadline: ContinuousClock.Instant?, _ body: (CountedSession) async throws -> T
    ) async throws -> T {
        try await pool.withSession(deadline: deadline, open: { deadline in (try await open(deadline), nil) }, body)
    }

    func retire() async { await pool.retire() }

    func closeIdle(now: ContinuousClock.Instant) async { await pool.closeIdle(now: now) }
}

@Suite struct SessionPoolTests {
    @Test func exclusiveSessionsAreCappedAndReused() async throws {
        let ledger = SessionLedger()
        let pool = OpeningPool(settings: .exclusive(3)) { _ in ledger.makeSession() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await pool.withSession(deadline: .now + .seconds(30)) { session in
                        try await session.use(for: .milliseconds(20))
                    }
                }
            }
            try await group.waitForAll()
        }
        let counts = ledger.snapshot()
        #expect(counts.opened <= 3)
        #expect(counts.peakBusy <= 3)
        #expect(pool.inUse == 0)
    }

    @Test func aCallerWhoCannotGetASessionBeforeItsDeadlineGetsTooManyConnections() async throws {
        let ledger = SessionLedger()
        let pool = OpeningPool(settings: .exclusive(1)) { _ in ledger.makeSession() }
        let gate = Gate()
        async let holder: Void = hold(pool, until: gate)
        await gate.reached()
        // The wait is bounded by the call's deadline, which cancels it: no timer of the pool's own.
        let deadline = ContinuousClock.now + .milliseconds(200)
        let error = await #expect(throws: ConnectorError.self) {
            try await Runtime.withDeadline(deadline) { try await pool.withSession(deadline: deadline) { _ in } }
        }
        #expect(error?.code == .tooManyConnections)
        await gate.open()
        try await holder
        // Once the holder is done the session is free again, and it is the same one.
        try await pool.withSession(deadline: .now + .seconds(30)) { _ in }
        #expect(ledger.snapshot().opened == 1)
    }

    @Test func aWaiterCancelledBeforeItsDeadlineIsCancelled() async throws {
        let pool = OpeningPool(settings: .exclusive(1)) { _ in SessionLedger().makeSession() }
        let gate = Gate()
        async let holder: Void = hold(pool, until: gate)
        await gate.reached()
        let waiter = Task { try await pool.withSession(deadline: .now + .seconds(60)) { _ in } }
        waiter.cancel()
        let error = await #expect(throws: ConnectorError.self) { try await waiter.value }
        #expect(error?.code == .cancelled)
        await gate.open()
        try await holder
    }

    @Test func oneSharedSessionServesConcurrentCallersUpToTheLimit() async throws {
        let ledger = SessionLedger()
        let pool = OpeningPool(settings: .shared(4)) { _ in ledger.makeSession() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.withSession(deadline: .now + .seconds(30)) { _ in
                        // Hold the lease until four callers hold one at once (or give up after 5 s).
                        ledger.counts.withLock { $0.busy += 1; $0.peakBusy = max($0.peakBusy, $0.busy) }
                        defer { ledger.counts.withLock { $0.busy -= 1 } }
                        for _ in 0..<500 where ledger.snapshot().peakBusy < 4 { try await Task.sleep(for: .milliseconds(10)) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(ledger.snapshot().opened == 1)
        #expect(ledger.snapshot().peakBusy == 4)
    }

    @Test func brokenAndRetiredSessionsAreClosed() async throws {
        let ledger = SessionLedger()
        let pool = OpeningPool(settings: .exclusive(2)) { _ in ledger.makeSession() }
        await #expect(throws: ConnectorError.self) {
            try await pool.withSession(deadline: .now + .seconds(30)) { _ in
                throw ConnectorError(.connectionRefused, message: "gone")
            }
        }
        #expect(ledger.snapshot().closed == 1)
        try await pool.withSession(deadline: .now + .seconds(30)) { _ in }
        await pool.retire()
        #expect(ledger.snapshot().closed == 2)
        await #expect(throws: SessionPoolRetired.self) { try await pool.withSession(deadline: .now + .seconds(30)) { _ in } }
    }

    @Test func repeatedOpenFailuresBackOffAndFailFastWithTheLastError() async throws {
        let attempts = Mutex(0)
        let pool = OpeningPool(
            settings: .exclusive(2), backoff: .init(afterFailures: 2, initial: .seconds(60), maximum: .seconds(60))
        ) { _ in
            attempts.withLock { $0 += 1 }
            throw ConnectorError(.connectionRefused, message: "The database is down.")
        }
        for _ in 0..<3 {
            let error = await #expect(throws: ConnectorError.self) { try await pool.withSession(deadline: .now + .seconds(30)) { _ in } }
            #expect(error?.message == "The database is down.")
        }
        // The third caller failed fast: the pool did not dial again during the back-off window.
        #expect(attempts.withLock { $0 } == 2)
    }

    @Test func idleSessionsCloseAfterTheIdleTimeout() async throws {
        let ledger = SessionLedger()
        let pool = OpeningPool(settings: .exclusive(2, idleTimeout: .milliseconds(50))) { _ in ledger.makeSession() }
        try await pool.withSession(deadline: .now + .seconds(30)) { _ in }
        await pool.closeIdle(now: .now)
        #expect(ledger.snapshot().closed == 0)
        await pool.closeIdle(now: .now + .milliseconds(60))
        #expect(ledger.snapshot().closed == 1)
    }

    @Test func aNewCredentialVersionRetiresOnlyTheSessionsOpenedWithTheOldOne() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: .exclusive(2))
        let opener: (Int) -> SessionPool<CountedSession>.Opener = { version in { _ in (ledger.makeSession(), version) } }
        try await pool.withSession(deadline: .now + .seconds(30), credentialVersion: 1, open: opener(1)) { _ in }
        try await pool.withSession(deadline: .now + .seconds(30), credentialVersion: 1, open: opener(1)) { _ in }
        #expect(ledger.snapshot().opened == 1)
        // The credential was rotated: the idle session that holds version 1 closes, and the call opens one with 2.
        try await pool.withSession(deadline: .now + .seconds(30), credentialVersion: 2, open: opener(2)) { _ in }
        #expect(ledger.snapshot().opened == 2)
        #expect(ledger.snapshot().closed == 1)
        // A call that read version 1 before the rotation is lent the newer session rather than opening an old one.
        try await pool.withSession(deadline: .now + .seconds(30), credentialVersion: 1, open: opener(1)) { _ in }
        #expect(ledger.snapshot().opened == 2)
    }

    @Test func aSessionThatReadsTheCredentialPerCallOutlivesACredentialChange() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: .shared(4))
        for version in 1...3 {
            try await pool.withSession(deadline: .now + .seconds(30), credentialVersion: version, open: { _ in (ledger.makeSession(), nil) }) { _ in }
        }
        #expect(ledger.snapshot().opened == 1)
        #expect(ledger.snapshot().closed == 0)
    }

    @Test func aBusySessionWithAnOldCredentialClosesWhenItsCallEnds() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: .exclusive(2))
        let gate = Gate()
        async let holder: Void = pool.withSession(deadline: nil, credentialVersion: 1, open: { _ in (ledger.makeSession(), 1) }) { _ in
            await gate.wait()
        }
        await gate.reached()
        try await pool.withSession(deadline: .now + .seconds(30), credentialVersion: 2, open: { _ in (ledger.makeSession(), 2) }) { _ in }
        #expect(ledger.snapshot().closed == 0)
        await gate.open()
        try await holder
        #expect(ledger.snapshot().closed == 1)
        #expect(pool.inUse == 0)
    }

    /// Holds one session of `pool` until the test opens `gate`.
    private func hold(_ pool: OpeningPool, until gate: Gate) async throws {
        try await pool.withSession(deadline: nil) { _ in await gate.wait() }
    }

    @Test func theDeadlineCancelsSlowWork() async throws {
        let error = await #expect(throws: ConnectorError.self) {
            try await Runtime.withDeadline(.now + .milliseconds(100)) {
                try await Task.sleep(for: .seconds(5))
                return 1
            }
        }
        #expect(error?.code == .timedOut)
    }
}

/// Holds callers until the test opens it, and tells the test when the first caller got there.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var arrived = false
    private var watchers: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        arrived = true
        for watcher in watchers { watcher.resume() }
        watchers.removeAll()
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Returns once a caller waits at the gate.
    func reached() async {
        if arrived { return }
        await withCheckedContinuation { watchers.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }
}

@Suite struct UnusableSessionTests {
    /// Which sessions had their connection cut, as a server closing it would.
    final class Cuts: Sendable {
        let table = Mutex<Set<Int>>([])
        let opened = Mutex(0)
    }

    struct CuttableSession: ConnectorSession {
        let number: Int
        let cuts: Cuts

        var isUsable: Bool { !cuts.table.withLock { $0.contains(number) } }
        func close() async {}
    }

    @Test func aSharedSessionWhoseConnectionIsGoneIsReplaced() async throws {
        let cuts = Cuts()
        let pool = SessionPool<CuttableSession>(settings: .shared(4))
        let open: SessionPool<CuttableSession>.Opener = { _ in
            (CuttableSession(number: cuts.opened.withLock { $0 += 1; return $0 }, cuts: cuts), nil)
        }
        let first = try await pool.withSession(deadline: .now + .seconds(5), open: open) { $0.number }
        #expect(try await pool.withSession(deadline: .now + .seconds(5), open: open) { $0.number } == first, "a usable session is reused")
        cuts.table.withLock { _ = $0.insert(first) }
        #expect(try await pool.withSession(deadline: .now + .seconds(5), open: open) { $0.number } == first, "the call that finds it cut ends")
        let next = try await pool.withSession(deadline: .now + .seconds(5), open: open) { $0.number }
        #expect(next != first, "the cut session was closed after that call, and a new one opened")
    }
}
