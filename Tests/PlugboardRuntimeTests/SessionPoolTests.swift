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

@Suite struct SessionPoolTests {
    @Test func exclusiveSessionsAreCappedAndReused() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: PoolSettings(size: 3, shared: false)) { _ in ledger.makeSession() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await pool.withSession(deadline: .now + .seconds(10)) { session in
                        try await session.use(for: .milliseconds(20))
                    }
                }
            }
            try await group.waitForAll()
        }
        let counts = ledger.snapshot()
        #expect(counts.opened == 3)
        #expect(counts.peakBusy == 3)
        #expect(await pool.inUse == 0)
    }

    @Test func aCallerWhoCannotGetASessionGetsTooManyConnections() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: PoolSettings(size: 1, shared: false)) { _ in ledger.makeSession() }
        async let holder: Void = pool.withSession(deadline: .now + .seconds(5)) { session in
            try await session.use(for: .milliseconds(800))
        }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: ConnectorError.self) {
            try await pool.withSession(deadline: .now + .milliseconds(200)) { _ in }
        }
        do {
            try await pool.withSession(deadline: .now + .milliseconds(200)) { _ in }
        } catch let error as ConnectorError {
            #expect(error.code == .tooManyConnections)
        }
        try await holder
        // Once the holder is done the session is free again.
        try await pool.withSession(deadline: .now + .milliseconds(200)) { _ in }
    }

    @Test func sharedSessionsServeConcurrentCallersUpToTheLimit() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: PoolSettings(size: 4, shared: true)) { _ in ledger.makeSession() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.withSession(deadline: .now + .seconds(10)) { session in
                        try await session.use(for: .milliseconds(30))
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
        let pool = SessionPool<CountedSession>(settings: PoolSettings(size: 2, shared: false)) { _ in ledger.makeSession() }
        await #expect(throws: ConnectorError.self) {
            try await pool.withSession(deadline: .now + .seconds(1)) { _ in
                throw ConnectorError(.connectionRefused, message: "gone")
            }
        }
        #expect(ledger.snapshot().closed == 1)
        try await pool.withSession(deadline: .now + .seconds(1)) { _ in }
        await pool.retire()
        #expect(ledger.snapshot().closed == 2)
        await #expect(throws: SessionPoolRetired.self) { try await pool.withSession(deadline: .now + .seconds(1)) { _ in } }
    }

    @Test func idleSessionsCloseAfterTheIdleTimeout() async throws {
        let ledger = SessionLedger()
        let pool = SessionPool<CountedSession>(settings: PoolSettings(size: 2, shared: false, idleTimeout: .milliseconds(50))) { _ in ledger.makeSession() }
        try await pool.withSession(deadline: .now + .seconds(1)) { _ in }
        await pool.closeIdle(now: .now)
        #expect(ledger.snapshot().closed == 0)
        try await Task.sleep(for: .milliseconds(80))
        await pool.closeIdle(now: .now)
        #expect(ledger.snapshot().closed == 1)
    }

    @Test func theDeadlineCancelsSlowWork() async throws {
        do {
            _ = try await Runtime.withDeadline(.now + .milliseconds(100)) {
                try await Task.sleep(for: .seconds(5))
                return 1
            }
            Issue.record("should have timed out")
        } catch let error as ConnectorError {
            #expect(error.code == .timedOut)
        }
    }
}
