import Foundation
import PlugboardCore
import Testing

@testable import PlugboardRuntime

@Suite struct TriggerLifecycleTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let refused = ConnectorError(.connectionRefused, message: "db:5432 refused the connection.")

    func after(_ seconds: Double) -> Date { Self.t0.addingTimeInterval(seconds) }

    @Test func aStartedTriggerSubscribesAndCountsItsEvents() {
        var trigger = TriggerLifecycle()
        #expect(trigger.state == .unsubscribed)
        #expect(trigger.start() == .subscribe)
        #expect(trigger.state == .pending)
        #expect(trigger.start() == .none)
        #expect(trigger.subscribed(at: Self.t0) == .none)
        #expect(trigger.state == .subscribed(since: Self.t0))
        trigger.delivered(at: after(5))
        trigger.delivered(at: after(9))
        #expect(trigger.eventCount == 2)
        #expect(trigger.lastEventAt == after(9))
    }

    @Test func failuresWaitLongerEachTimeUpToFiveMinutesAndASuccessResets() {
        var trigger = TriggerLifecycle()
        _ = trigger.start()
        var now = Self.t0
        var waits: [Double] = []
        for _ in 0..<11 {
            guard case .retry(let at) = trigger.failed(Self.refused, at: now) else {
                Issue.record("a failure must schedule a retry")
                return
            }
            waits.append(at.timeIntervalSince(now))
            #expect(trigger.retryDue(at: at.addingTimeInterval(-0.5)) == .retry(at: at), "too early")
            #expect(trigger.retryDue(at: at) == .subscribe)
            now = at
        }
        #expect(waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300])
        #expect(trigger.subscribed(at: now) == .none)
        #expect(trigger.consecutiveFailures == 0)
        guard case .retry(let at) = trigger.failed(Self.refused, at: now) else { return }
        #expect(at == now.addingTimeInterval(1), "a subscribed source that breaks starts the waits again")
    }

    @Test func theFailedStateKeepsTheErrorForTheAPI() {
        var trigger = TriggerLifecycle()
        _ = trigger.start()
        _ = trigger.failed(Self.refused, at: Self.t0)
        #expect(trigger.state == .failed(Self.refused, retryAt: after(1)))
        #expect(trigger.failed(Self.refused, at: after(0.5)) == .none, "one failure at a time")
    }

    @Test func aConnectorEditMovesARunningSourceAndRetriesAFailedOneAtOnce() {
        var running = TriggerLifecycle()
        _ = running.start()
        _ = running.subscribed(at: Self.t0)
        #expect(running.connectorChanged() == .resubscribe)
        #expect(running.state == .pending)
        #expect(running.subscribed(at: after(1)) == .none)

        var failed = TriggerLifecycle()
        _ = failed.start()
        _ = failed.failed(Self.refused, at: Self.t0)
        #expect(failed.connectorChanged() == .subscribe)
        #expect(failed.consecutiveFailures == 0)

        var stopped = TriggerLifecycle()
        #expect(stopped.connectorChanged() == .none)
    }

    @Test func stoppingClosesWhatIsOpenAndLateNewsIsUndone() {
        var trigger = TriggerLifecycle()
        _ = trigger.start()
        #expect(trigger.stop() == .unsubscribe)
        #expect(trigger.subscribed(at: Self.t0) == .unsubscribe, "a subscription that lands after a pause is closed")
        #expect(trigger.state == .unsubscribed)
        #expect(trigger.retryDue(at: after(60)) == .none)

        var failed = TriggerLifecycle()
        _ = failed.start()
        _ = failed.failed(Self.refused, at: Self.t0)
        #expect(failed.stop() == .none, "nothing is open while it waits")
        #expect(failed.start() == .subscribe, "resuming subscribes again")
    }
}
