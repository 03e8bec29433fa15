@testable import PlugboardRuntime
import Testing

@Suite struct SessionPoolStateMachineTests {
    typealias Machine = SessionPoolStateMachine

    /// A failure reduced to what tests compare.
    enum FailureKind: Hashable, Sendable {
        case tooManyConnections, cancelled, retired, openFailed(String)
    }

    /// A request's action or a waiter's result, reduced to what tests compare.
    enum Outcome: Hashable, Sendable {
        case lease(Int), open(Int), wait, fail(FailureKind)
    }

    /// One waiter resumed by an event.
    struct Resume: Hashable, Sendable {
        var waiter: Int
        var outcome: Outcome

        init(_ waiter: Int, _ outcome: Outcome) {
            self.waiter = waiter
            self.outcome = outcome
        }
    }

    /// The error a failing service gives when a session is opened.
    struct DialError: Error {
        var reason: String
    }

    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    func pool(
        max: Int, leases: Int, idle: Duration = .seconds(60), backoff: RetryBackoff = .init()
    ) -> Machine {
        Machine(settings: .init(maxSessions: max, leasesPerSession: leases, idleTimeout: idle, backoff: backoff))
    }

    // MARK: Leasing

    @Test func anExclusivePoolReusesTheMostRecentlyReleasedSession() {
        var pool = pool(max: 3, leases: 1)
        for waiter in 0..<3 { #expect(pool.request(waiter, now: t0) == .open(waiter)) }
        for session in 0..<3 { #expect(pool.opened(session, now: t0).resumed.isEmpty) }
        _ = pool.released(0, broken: false, now: at(1))
        _ = pool.released(2, broken: false, now: at(2))
        _ = pool.released(1, broken: false, now: at(3))
        #expect(pool.request(3, now: at(4)) == .lease(1))
        #expect(pool.request(4, now: at(4)) == .lease(2))
        #expect(pool.request(5, now: at(4)) == .lease(0))
        #expect(pool.leasesInUse == 3)
    }

    @Test func callersBeyondTheCapWaitAndAreServedInOrder() {
        var pool = pool(max: 2, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .open(1))
        for waiter in 3...5 { #expect(pool.request(waiter, deadline: at(1000), now: t0) == .wait) }
        #expect(pool.sessionCount == 2 && pool.waiterCount == 3)
        #expect(pool.opened(0, now: t0).resumed.isEmpty)
        #expect(pool.opened(1, now: t0).resumed.isEmpty)
        #expect(pool.released(1, broken: false, now: at(1)).resumed == [.init(3, .lease(1))])
        #expect(pool.released(0, broken: false, now: at(2)).resumed == [.init(4, .lease(0))])
        #expect(pool.sessionCount == 2 && pool.waiterCount == 1 && pool.leasesInUse == 2)
    }

    @Test func oneMultiplexedSessionServesAllItsLeasesFromTheFirstOpen() {
        var pool = pool(max: 1, leases: 4)
        #expect(pool.request(1, now: t0) == .open(0))
        for waiter in 2...5 { #expect(pool.request(waiter, now: t0) == .wait) }
        let opened = pool.opened(0, now: at(5))
        #expect(opened.resumed == [.init(2, .lease(0)), .init(3, .lease(0)), .init(4, .lease(0))])
        #expect(pool.leasesInUse == 4 && pool.waiterCount == 1)
        #expect(pool.released(0, broken: false, now: at(6)).resumed == [.init(5, .lease(0))])
    }

    @Test func twoMultiplexedSessionsShareTheLoad() {
        var pool = pool(max: 2, leases: 2)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .wait, "waits for the spare lease of session 0")
        #expect(pool.request(3, now: t0) == .open(1))
        #expect(pool.request(4, now: t0) == .wait)
        #expect(pool.request(5, now: t0) == .wait, "at the cap")
        #expect(pool.opened(1, now: at(1)).resumed == [.init(2, .lease(1))], "spare room goes to the oldest waiter")
        #expect(pool.opened(0, now: at(2)).resumed == [.init(4, .lease(0))])
        #expect(pool.released(0, broken: false, now: at(3)).resumed == [.init(5, .lease(0))])
        _ = pool.released(1, broken: false, now: at(4))
        _ = pool.released(1, broken: false, now: at(4))
        _ = pool.released(0, broken: false, now: at(5))
        #expect(pool.request(6, now: at(6)) == .lease(1), "fewest leases first, though session 0 is warmer")
        #expect(pool.request(7, now: at(6)) == .lease(0), "on a tie, the most recently released")
        #expect(pool.request(8, now: at(6)) == .lease(1))
        #expect(pool.request(9, now: at(6)) == .wait)
        #expect(pool.sessionCount == 2 && pool.leasesInUse == 4)
    }

    // MARK: Open failures and back-off

    @Test func anAbandonedOpenHandsItsSlotToTheNextWaiterWithoutFailingAnyone() {
        var pool = pool(max: 1, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .wait)
        let handed = pool.openAbandoned(0, now: at(1))
        #expect(handed.resumed == [.init(2, .open(1))])
        #expect(pool.sessionCount == 1 && pool.waiterCount == 0)
        _ = pool.openFailed(1, error: DialError(reason: "down"), now: at(2))
        #expect(pool.request(3, now: at(3)) == .open(2), "an abandoned open counts as no failure, so one failure is not back-off")
    }

    @Test func anOpenFailureFailsEveryWaiterFast() {
        var pool = pool(max: 1, leases: 3)
        #expect(pool.request(1, now: t0) == .open(0))
        for waiter in 2...4 { #expect(pool.request(waiter, now: t0) == .wait) }
        let failed = pool.openFailed(0, error: DialError(reason: "refused"), now: at(1))
        #expect(failed.resumed == (2...4).map { .init($0, .fail(.openFailed("refused"))) })
        #expect(failed.close.isEmpty && pool.sessionCount == 0 && pool.waiterCount == 0)
        #expect(pool.request(5, now: at(2)) == .open(1), "one failure does not back off yet")
    }

    @Test(arguments: [
        (1, nil), (2, 100), (3, 200), (4, 400), (5, 800), (6, 1000), (7, 1000), (10_000, 1000),
    ] as [(Int, Int?)])
    func theBackoffWindowDoublesUpToItsMaximum(failures: Int, windowMilliseconds: Int?) {
        let backoff = RetryBackoff(afterFailures: 2, initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.window(afterConsecutiveFailures: failures) == windowMilliseconds.map { .milliseconds($0) })
    }

    @Test(arguments: [2, 3, 5, 8])
    func requestsFailFastDuringTheBackoffWindow(failures: Int) {
        let backoff = RetryBackoff(afterFailures: 2, initial: .milliseconds(100), maximum: .seconds(1))
        var pool = pool(max: 16, leases: 1, backoff: backoff)
        for waiter in 0..<failures { #expect(pool.request(waiter, now: t0) == .open(waiter)) }
        for session in 0..<failures { _ = pool.openFailed(session, error: DialError(reason: "down"), now: t0) }
        let end = t0 + (backoff.window(afterConsecutiveFailures: failures) ?? .zero)
        #expect(pool.request(100, now: end - .nanoseconds(1)) == .fail(.openFailed("down")))
        #expect(pool.request(101, now: end) == .open(failures), "the probe after the window")
    }

    @Test func onlyTheProbeOpensAndItsSuccessEndsTheBackoff() {
        let backoff = RetryBackoff(afterFailures: 2, initial: .milliseconds(100), maximum: .seconds(1))
        var pool = pool(max: 4, leases: 1, backoff: backoff)
        #expect(pool.request(1, now: t0) == .open(0))
        _ = pool.openFailed(0, error: DialError(reason: "down"), now: t0)
        #expect(pool.request(2, now: t0) == .open(1))
        _ = pool.openFailed(1, error: DialError(reason: "down"), now: t0)
        #expect(pool.request(3, now: at(99)) == .fail(.openFailed("down")))
        #expect(pool.request(4, now: at(100)) == .open(2), "the probe")
        #expect(pool.request(5, now: at(101)) == .wait, "waits for the probe instead of dialling too")
        #expect(pool.openFailed(2, error: DialError(reason: "still down"), now: at(110)).resumed == [
            .init(5, .fail(.openFailed("still down")))
        ])
        #expect(pool.request(6, now: at(309)) == .fail(.openFailed("still down")), "the window doubled")
        #expect(pool.request(7, now: at(310)) == .open(3))
        #expect(pool.request(8, now: at(311)) == .wait)
        #expect(pool.opened(3, now: at(320)).resumed == [.init(8, .open(4))], "success lets waiters open again")
        #expect(pool.openFailed(4, error: DialError(reason: "blip"), now: at(330)).resumed.isEmpty)
        #expect(pool.request(9, now: at(330)) == .open(5), "the count restarted, so one failure does not back off")
    }

    // MARK: Broken sessions

    @Test func aBrokenSessionIsClosedAndReplacedForTheNextWaiter() {
        var pool = pool(max: 1, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        _ = pool.opened(0, now: t0)
        #expect(pool.request(2, now: t0) == .wait)
        let released = pool.released(0, broken: true, now: at(1))
        #expect(released.close == [0] && released.resumed == [.init(2, .open(1))])
        #expect(pool.sessionCount == 1 && pool.leasesInUse == 0)
    }

    @Test func aBrokenMultiplexedSessionTakesNoNewLeasesAndClosesWithItsLast() {
        var pool = pool(max: 1, leases: 2)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .wait)
        #expect(pool.opened(0, now: t0).resumed == [.init(2, .lease(0))])
        let first = pool.released(0, broken: true, now: at(1))
        #expect(first.close.isEmpty && first.resumed.isEmpty)
        #expect(pool.request(3, now: at(2)) == .wait)
        let last = pool.released(0, broken: false, now: at(3))
        #expect(last.close == [0] && last.resumed == [.init(3, .open(1))])
    }

    // MARK: Dedicated leases

    @Test func aDedicatedLeaseIsNeverShared() {
        var pool = pool(max: 2, leases: 4)
        #expect(pool.request(1, dedicated: true, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .open(1), "nobody waits on a dedicated session's spare room")
        #expect(pool.opened(0, now: t0).resumed.isEmpty)
        #expect(pool.request(3, now: t0) == .wait)
        #expect(pool.opened(1, now: t0).resumed == [.init(3, .lease(1))])
        #expect(pool.request(4, now: t0) == .lease(1))
        #expect(pool.request(5, dedicated: true, now: t0) == .wait, "session 1 has leases, and the pool is full")
        let released = pool.released(0, broken: false, now: at(1))
        #expect(released.resumed == [.init(5, .lease(0))], "the session, idle again, goes to the dedicated waiter")
        #expect(pool.request(6, now: at(2)) == .lease(1))
        #expect(pool.request(7, now: at(2)) == .wait)
    }

    @Test func aDedicatedWaiterDoesNotHoldUpNormalWaitersBehindIt() {
        var pool = pool(max: 1, leases: 2)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .wait)
        _ = pool.opened(0, now: t0)
        #expect(pool.request(3, dedicated: true, deadline: nil, now: t0) == .wait)
        #expect(pool.request(4, now: t0) == .wait)
        #expect(pool.released(0, broken: false, now: at(1)).resumed == [.init(4, .lease(0))])
        #expect(pool.released(0, broken: false, now: at(2)).resumed.isEmpty)
        #expect(pool.released(0, broken: false, now: at(3)).resumed == [.init(3, .lease(0))], "idle at last")
        #expect(pool.request(5, now: at(4)) == .wait, "a dedicated session takes no second lease")
    }

    @Test func theIdleSweepNeverClosesADedicatedSession() {
        var pool = pool(max: 1, leases: 2, idle: .seconds(1))
        #expect(pool.request(1, dedicated: true, now: t0) == .open(0))
        _ = pool.opened(0, now: t0)
        #expect(pool.idleSweep(now: at(3_600_000)).close.isEmpty)
        _ = pool.released(0, broken: false, now: at(3_600_000))
        #expect(pool.idleSweep(now: at(3_601_000)).close == [0])
    }

    // MARK: Cancellation

    @Test(arguments: [
        (nil, 50, FailureKind.cancelled), (100, 50, .cancelled), (100, 100, .tooManyConnections),
        (100, 150, .tooManyConnections),
    ] as [(Int?, Int, FailureKind)])
    func aCancelledWaiterIsRemovedWithTheRightFailure(deadline: Int?, cancelledAt: Int, expected: FailureKind) {
        var pool = pool(max: 1, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, deadline: deadline.map(at), now: t0) == .wait)
        #expect(pool.waiterCancelled(2, now: at(cancelledAt))?.outcome == .fail(expected))
        #expect(pool.waiterCount == 0)
        #expect(pool.waiterCancelled(2, now: at(cancelledAt)) == nil)
    }

    @Test func cancellingAnAlreadyResumedWaiterChangesNothing() {
        var pool = pool(max: 1, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, deadline: at(100), now: t0) == .wait)
        _ = pool.opened(0, now: t0)
        #expect(pool.released(0, broken: false, now: at(10)).resumed == [.init(2, .lease(0))])
        #expect(pool.waiterCancelled(2, now: at(200)) == nil)
        #expect(pool.leasesInUse == 1)
    }

    @Test func aCallerWhoseDeadlineHasPassedDoesNotQueue() {
        var pool = pool(max: 1, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, deadline: at(10), now: at(10)) == .fail(.tooManyConnections))
        #expect(pool.waiterCount == 0)
    }

    // MARK: Idle sweep

    @Test(arguments: [(999, false), (1000, true), (5000, true)])
    func theIdleSweepClosesSessionsIdleForTheTimeout(sweptAt: Int, closes: Bool) {
        var pool = pool(max: 3, leases: 1, idle: .seconds(1))
        for waiter in 0..<3 { #expect(pool.request(waiter, now: t0) == .open(waiter)) }
        _ = pool.opened(0, now: t0)
        _ = pool.opened(1, now: t0)
        _ = pool.released(0, broken: false, now: t0)
        let swept = pool.idleSweep(now: at(sweptAt))
        #expect(swept.close == (closes ? [0] : []), "session 1 is leased and session 2 is opening")
        #expect(pool.sessionCount == (closes ? 2 : 3))
    }

    // MARK: Retire

    @Test func retiringFailsWaitersAndRefusesNewRequests() {
        var pool = pool(max: 2, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .open(1))
        _ = pool.opened(0, now: t0)
        _ = pool.opened(1, now: t0)
        #expect(pool.request(3, dedicated: true, deadline: nil, now: t0) == .wait)
        #expect(pool.request(4, deadline: at(100), now: t0) == .wait)
        let retired = pool.retire()
        #expect(retired.resumed == [.init(3, .fail(.retired)), .init(4, .fail(.retired))] && retired.close.isEmpty)
        #expect(pool.request(5, now: at(1)) == .fail(.retired))
        #expect(pool.request(6, dedicated: true, deadline: nil, now: at(1)) == .fail(.retired))
        #expect(pool.retire().resumed.isEmpty, "retiring twice changes nothing")
    }

    @Test func retiringClosesIdleSessionsAtOnceAndLeasedOnesWhenReleased() {
        var pool = pool(max: 2, leases: 2)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .wait)
        #expect(pool.request(3, now: t0) == .open(1))
        #expect(pool.opened(0, now: t0).resumed == [.init(2, .lease(0))])
        _ = pool.opened(1, now: t0)
        _ = pool.released(1, broken: false, now: at(1))
        #expect(pool.retire().close == [1])
        #expect(pool.released(0, broken: false, now: at(2)).close.isEmpty, "session 0 still has a lease")
        #expect(pool.released(0, broken: false, now: at(3)).close == [0])
        #expect(pool.released(0, broken: false, now: at(4)).close.isEmpty, "a stray release is ignored")
        #expect(pool.sessionCount == 0 && pool.leasesInUse == 0)
    }

    @Test(arguments: [true, false])
    func aSessionOpeningWhenThePoolRetiresIsClosedAfterUseOrForgotten(opens: Bool) {
        var pool = pool(max: 1, leases: 3)
        #expect(pool.request(1, now: t0) == .open(0))
        #expect(pool.request(2, now: t0) == .wait)
        #expect(pool.retire().resumed == [.init(2, .fail(.retired))])
        guard opens else {
            #expect(pool.openFailed(0, error: DialError(reason: "late"), now: at(1)).close.isEmpty)
            #expect(pool.sessionCount == 0)
            return
        }
        #expect(pool.opened(0, now: at(1)).resumed.isEmpty)
        #expect(pool.leasesInUse == 1, "the opener keeps its lease")
        #expect(pool.released(0, broken: false, now: at(2)).close == [0])
        #expect(pool.sessionCount == 0)
    }
}

extension SessionPoolStateMachine {
    /// `leaseRequested` with the defaults the tests use, reduced to an outcome.
    mutating func request(
        _ waiter: WaiterID,
        dedicated: Bool = false,
        deadline: ContinuousClock.Instant? = nil,
        now: ContinuousClock.Instant
    ) -> SessionPoolStateMachineTests.Outcome {
        leaseRequested(waiter, dedicated: dedicated, deadline: deadline, now: now).outcome
    }
}

extension SessionPoolStateMachine.Failure {
    var kind: SessionPoolStateMachineTests.FailureKind {
        switch self {
        case .tooManyConnections: .tooManyConnections
        case .cancelled: .cancelled
        case .retired: .retired
        case .openFailed(let error):
            .openFailed((error as? SessionPoolStateMachineTests.DialError)?.reason ?? "\(error)")
        }
    }
}

extension SessionPoolStateMachine.RequestAction {
    var outcome: SessionPoolStateMachineTests.Outcome {
        switch self {
        case .lease(let session): .lease(session)
        case .open(let session): .open(session)
        case .wait: .wait
        case .fail(let failure): .fail(failure.kind)
        }
    }
}

extension SessionPoolStateMachine.WaiterResult {
    var outcome: SessionPoolStateMachineTests.Outcome {
        switch self {
        case .lease(let session): .lease(session)
        case .open(let session): .open(session)
        case .fail(let failure): .fail(failure.kind)
        }
    }
}

extension SessionPoolStateMachine.Actions {
    var resumed: [SessionPoolStateMachineTests.Resume] { resume.map { .init($0.0, $0.1.outcome) } }
}
