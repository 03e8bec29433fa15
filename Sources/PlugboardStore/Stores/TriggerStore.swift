import Foundation
import PlugboardCore

/// Triggers, their runners' state and leases, and the events they receive.
public protocol TriggerStore: Sendable {
    /// Adds the trigger and, for a node's source, its dependent row; `already_exists` when the name is taken.
    func insertTrigger(_ trigger: TriggerRecord) async throws
    /// Writes what its user edits (name, options, target, paused) if the version is still `expectedVersion`.
    func updateTrigger(_ trigger: TriggerRecord, expectedVersion: Int) async throws
    /// The trigger with this id or name in the application, or nil.
    func trigger(applicationID: String, _ reference: String) async throws -> TriggerRecord?
    /// The trigger with this id in any application: how a webhook finds its trigger.
    func trigger(id: String) async throws -> TriggerRecord?
    /// Every trigger of the application, by name.
    func triggers(applicationID: String) async throws -> [TriggerRecord]
    /// Deletes the trigger, its events and its dependent row; `not_found` when there is none.
    func deleteTrigger(applicationID: String, id: String) async throws
    /// Writes the state its runner reports.
    func setTriggerStatus(id: String, _ status: TriggerStatus) async throws
    /// Takes or renews, until `until`, the lease on every unpaused trigger whose lease is free, lapsed or already
    /// `owner`'s, and returns the triggers `owner` now holds.
    func leaseTriggers(owner: String, until: Date, now: Date) async throws -> [TriggerRecord]
    /// Lets go of `owner`'s trigger leases.
    func releaseTriggerLeases(owner: String) async throws

    /// Stores an event and, in the same transaction, the source's new cursor (when given) and the trigger's count.
    /// Returns false, storing nothing, when the trigger already has an event with this dedup key.
    func insertTriggerEvent(_ event: TriggerEventRecord, cursor: JSONValue?) async throws -> Bool
    /// Events waiting for delivery whose next try is due, oldest first.
    func pendingTriggerEvents(now: Date, limit: Int) async throws -> [TriggerEventRecord]
    /// Marks the event delivered and, for a workflow target, queues its run in the same transaction.
    func deliverTriggerEvent(id: String, run: WorkflowRunRecord?, at: Date) async throws
    /// Records a failed delivery: tried again at `retryAt`, or failed for good when it is nil.
    func failTriggerEventDelivery(id: String, error: JSONValue, attempts: Int, retryAt: Date?) async throws
    /// A page of the trigger's events, newest first.
    func triggerEvents(triggerID: String, _ page: PageRequest) async throws -> Page<TriggerEventRecord>

    /// Ids of triggers whose webhook secret is sealed under another master key than `keyID`.
    func triggerIDs(secretNotWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)]
    /// Replaces a trigger's sealed secret if it is still `old`.
    func replaceTriggerSecret(triggerID: String, from old: SealedSecret, to new: SealedSecret) async throws
}
