import Foundation
import PlugboardCore

/// One event a trigger's source yielded, stored before anything is acknowledged, then delivered to the target.
///
/// `dedupKey` is unique per trigger: a source that yields the same event twice (a redelivered message, a
/// webhook sender's retry with its own id) stores it once. The target sees the key.
public struct TriggerEventRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// Stored, not yet accepted by the target.
        case pending
        /// The target accepted it: a run was queued, or the callback URL answered 2xx.
        case delivered
        /// The target refused it for good, or delivery ran out of tries.
        case failed
    }

    /// `ev_` followed by 20 random characters.
    public var id: String
    public var triggerID: String
    public var applicationID: String
    public var dedupKey: String
    /// The event as the target receives it: a workflow run's input, or the callback's body.
    public var payload: JSONValue
    public var receivedAt: Date
    public var status: Status
    /// Delivery tries so far.
    public var attempts: Int
    /// When a failed delivery is tried again.
    public var nextAttemptAt: Date?
    public var lastError: JSONValue?
    /// The run it started, for a workflow target.
    public var runID: String?
    public var deliveredAt: Date?

    public init(
        id: String = Identifier.make("ev"), triggerID: String, applicationID: String, dedupKey: String, payload: JSONValue,
        receivedAt: Date = Date(), status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date? = nil, lastError: JSONValue? = nil,
        runID: String? = nil, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.triggerID = triggerID
        self.applicationID = applicationID
        self.dedupKey = dedupKey
        self.payload = payload
        self.receivedAt = receivedAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.runID = runID
        self.deliveredAt = deliveredAt
    }
}
