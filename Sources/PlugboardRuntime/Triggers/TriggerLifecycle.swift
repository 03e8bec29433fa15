import Foundation
import PlugboardCore

/// The life of one trigger as its runner drives it: a value that takes events and returns what to do next.
///
/// `pending` (subscribing) → `subscribed` (the source listens or polls) → `failed` (with the error and when to try
/// again) → `pending` …; pausing or deleting makes it `unsubscribed`, and resuming starts it again. The machine does no
/// I/O and reads no clock: times come in with the events, so every rule is tested with plain values.
struct TriggerLifecycle: Sendable, Hashable {
    enum State: Sendable, Hashable {
        case pending
        case subscribed(since: Date)
        /// The last error, and when the runner subscribes again.
        case failed(ConnectorError, retryAt: Date)
        case unsubscribed
    }

    /// What the runner does next.
    enum Action: Sendable, Hashable {
        case none
        /// Open the source, on the connector version the runner has now.
        case subscribe
        /// Close the source.
        case unsubscribe
        /// Close the source and open it on the new connector version, keeping the cursor, so no event is lost.
        case resubscribe
        /// Wait until then, and send `retryDue`.
        case retry(at: Date)
    }

    private(set) var state: State = .unsubscribed
    /// Failures since the last successful subscription; they lengthen the wait before the next try.
    private(set) var consecutiveFailures = 0
    /// When the target last accepted an event, and how many it has accepted.
    private(set) var lastEventAt: Date?
    private(set) var eventCount = 0
    /// Waits of 1 s after the first failure, doubling to 5 minutes.
    let backoff = RetryBackoff(afterFailures: 1, initial: .seconds(1), maximum: .seconds(300))

    /// The trigger is created or resumed: subscribe.
    mutating func start() -> Action {
        guard case .unsubscribed = state else { return .none }
        state = .pending
        consecutiveFailures = 0
        return .subscribe
    }

    /// The source is listening.
    mutating func subscribed(at now: Date) -> Action {
        guard case .pending = state else { return .unsubscribe }
        state = .subscribed(since: now)
        consecutiveFailures = 0
        return .none
    }

    /// Subscribing failed, or a subscribed source broke (its connection dropped, its server refused a poll).
    mutating func failed(_ error: ConnectorError, at now: Date) -> Action {
        switch state {
        case .pending, .subscribed:
            consecutiveFailures += 1
            let wait = backoff.window(afterConsecutiveFailures: consecutiveFailures) ?? backoff.initial
            let retryAt = now.addingTimeInterval(wait.timeInterval)
            state = .failed(error, retryAt: retryAt)
            return .retry(at: retryAt)
        case .failed, .unsubscribed:
            return .none
        }
    }

    /// The wait after a failure may be over.
    mutating func retryDue(at now: Date) -> Action {
        guard case .failed(_, let retryAt) = state else { return .none }
        guard now >= retryAt else { return .retry(at: retryAt) }
        state = .pending
        return .subscribe
    }

    /// The target accepted an event: the source may commit its cursor.
    mutating func delivered(at now: Date) {
        lastEventAt = now
        eventCount += 1
    }

    /// The trigger's connector was edited: a running source moves to the new version.
    mutating func connectorChanged() -> Action {
        switch state {
        case .subscribed:
            state = .pending
            return .resubscribe
        case .failed:
            // A new version may well fix what failed: try it now rather than after the wait.
            state = .pending
            consecutiveFailures = 0
            return .subscribe
        case .pending, .unsubscribed:
            return .none
        }
    }

    /// The trigger is paused or deleted.
    mutating func stop() -> Action {
        switch state {
        case .pending, .subscribed:
            state = .unsubscribed
            return .unsubscribe
        case .failed:
            state = .unsubscribed
            return .none
        case .unsubscribed:
            return .none
        }
    }
}
