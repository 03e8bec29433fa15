import Foundation
import PlugboardCore

/// Workflows, runs and triggers are not cached: their runners read them through, and every write goes to the base.
extension CachingStore {
    public func insertWorkflow(_ workflow: WorkflowRecord) async throws { try await base.insertWorkflow(workflow) }
    public func updateWorkflow(_ workflow: WorkflowRecord, expectedVersion: Int) async throws {
        try await base.updateWorkflow(workflow, expectedVersion: expectedVersion)
    }
    public func workflow(applicationID: String, _ reference: String) async throws -> WorkflowRecord? {
        try await base.workflow(applicationID: applicationID, reference)
    }
    public func workflows(applicationID: String) async throws -> [WorkflowRecord] { try await base.workflows(applicationID: applicationID) }
    public func deleteWorkflow(applicationID: String, id: String) async throws { try await base.deleteWorkflow(applicationID: applicationID, id: id) }

    public func insertRun(_ run: WorkflowRunRecord) async throws { try await base.insertRun(run) }
    public func run(applicationID: String, id: String) async throws -> WorkflowRunRecord? { try await base.run(applicationID: applicationID, id: id) }
    public func runs(applicationID: String, workflowID: String?, _ page: PageRequest) async throws -> Page<WorkflowRunRecord> {
        try await base.runs(applicationID: applicationID, workflowID: workflowID, page)
    }
    public func claimRuns(owner: String, leaseUntil: Date, now: Date, limit: Int) async throws -> [WorkflowRunRecord] {
        try await base.claimRuns(owner: owner, leaseUntil: leaseUntil, now: now, limit: limit)
    }
    public func renewRunLeases(owner: String, until: Date) async throws { try await base.renewRunLeases(owner: owner, until: until) }
    public func releaseRunLeases(owner: String) async throws { try await base.releaseRunLeases(owner: owner) }
    public func recordStepResult(runID: String, _ result: WorkflowStepResult) async throws { try await base.recordStepResult(runID: runID, result) }
    public func finishRun(id: String, status: WorkflowRunRecord.Status, output: JSONValue?, error: JSONValue?, at: Date) async throws {
        try await base.finishRun(id: id, status: status, output: output, error: error, at: at)
    }
    public func requestRunCancel(applicationID: String, id: String) async throws -> WorkflowRunRecord {
        try await base.requestRunCancel(applicationID: applicationID, id: id)
    }
    public func runCancelRequested(id: String) async throws -> Bool { try await base.runCancelRequested(id: id) }

    public func insertTrigger(_ trigger: TriggerRecord) async throws { try await base.insertTrigger(trigger) }
    public func updateTrigger(_ trigger: TriggerRecord, expectedVersion: Int) async throws {
        try await base.updateTrigger(trigger, expectedVersion: expectedVersion)
    }
    public func trigger(applicationID: String, _ reference: String) async throws -> TriggerRecord? {
        try await base.trigger(applicationID: applicationID, reference)
    }
    public func trigger(id: String) async throws -> TriggerRecord? { try await base.trigger(id: id) }
    public func triggers(applicationID: String) async throws -> [TriggerRecord] { try await base.triggers(applicationID: applicationID) }
    public func deleteTrigger(applicationID: String, id: String) async throws { try await base.deleteTrigger(applicationID: applicationID, id: id) }
    public func setTriggerStatus(id: String, _ status: TriggerStatus) async throws { try await base.setTriggerStatus(id: id, status) }
    public func leaseTriggers(owner: String, until: Date, now: Date) async throws -> [TriggerRecord] {
        try await base.leaseTriggers(owner: owner, until: until, now: now)
    }
    public func releaseTriggerLeases(owner: String) async throws { try await base.releaseTriggerLeases(owner: owner) }
    public func insertTriggerEvent(_ event: TriggerEventRecord, cursor: JSONValue?) async throws -> Bool {
        try await base.insertTriggerEvent(event, cursor: cursor)
    }
    public func pendingTriggerEvents(now: Date, limit: Int) async throws -> [TriggerEventRecord] {
        try await base.pendingTriggerEvents(now: now, limit: limit)
    }
    public func deliverTriggerEvent(id: String, run: WorkflowRunRecord?, at: Date) async throws {
        try await base.deliverTriggerEvent(id: id, run: run, at: at)
    }
    public func failTriggerEventDelivery(id: String, error: JSONValue, attempts: Int, retryAt: Date?) async throws {
        try await base.failTriggerEventDelivery(id: id, error: error, attempts: attempts, retryAt: retryAt)
    }
    public func triggerEvents(triggerID: String, _ page: PageRequest) async throws -> Page<TriggerEventRecord> {
        try await base.triggerEvents(triggerID: triggerID, page)
    }
    public func triggerIDs(secretNotWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)] {
        try await base.triggerIDs(secretNotWrappedBy: keyID)
    }
    public func replaceTriggerSecret(triggerID: String, from old: SealedSecret, to new: SealedSecret) async throws {
        try await base.replaceTriggerSecret(triggerID: triggerID, from: old, to: new)
    }
}
