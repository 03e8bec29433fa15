import Foundation
import PlugboardCore

/// Workflows, each written together with a `dependents` row for every connector its steps call.
public protocol WorkflowStore: Sendable {
    /// Adds the workflow and its dependents; `already_exists` when the name is taken.
    func insertWorkflow(_ workflow: WorkflowRecord) async throws
    /// Replaces the workflow and its dependents if its version is still `expectedVersion`; `conflict` otherwise.
    func updateWorkflow(_ workflow: WorkflowRecord, expectedVersion: Int) async throws
    /// The workflow with this id or name in the application, or nil.
    func workflow(applicationID: String, _ reference: String) async throws -> WorkflowRecord?
    /// Every workflow of the application, by name.
    func workflows(applicationID: String) async throws -> [WorkflowRecord]
    /// Deletes the workflow and its dependents; `conflict` naming them when a trigger or another workflow's step
    /// targets it; `not_found` when there is none. Its runs stay in the history.
    func deleteWorkflow(applicationID: String, id: String) async throws
}

/// Workflow runs: queued, claimed under a lease by one runner, written step by step, finished once.
public protocol WorkflowRunStore: Sendable {
    /// Queues a run; `already_exists` when a run for its trigger event exists.
    func insertRun(_ run: WorkflowRunRecord) async throws
    /// The run with its step results, or nil.
    func run(applicationID: String, id: String) async throws -> WorkflowRunRecord?
    /// A page of runs, newest first, of one workflow or of every workflow.
    func runs(applicationID: String, workflowID: String?, _ page: PageRequest) async throws -> Page<WorkflowRunRecord>
    /// Takes up to `limit` runs for `owner` until `leaseUntil`: queued ones oldest first, and running ones whose lease
    /// lapsed (their runner died), never more running per workflow than its concurrency.
    func claimRuns(owner: String, leaseUntil: Date, now: Date, limit: Int) async throws -> [WorkflowRunRecord]
    /// Extends the lease on the runs `owner` holds.
    func renewRunLeases(owner: String, until: Date) async throws
    /// Lets go of `owner`'s unfinished runs so the next runner resumes them at once.
    func releaseRunLeases(owner: String) async throws
    /// Records a step's result, replacing an earlier one for the same step.
    func recordStepResult(runID: String, _ result: WorkflowStepResult) async throws
    /// Ends the run with its final status, unless it already ended.
    func finishRun(id: String, status: WorkflowRunRecord.Status, output: JSONValue?, error: JSONValue?, at: Date) async throws
    /// Cancels a queued run at once, or asks a running one's runner to stop it; returns the run as it now is.
    /// `conflict` when the run already ended.
    func requestRunCancel(applicationID: String, id: String) async throws -> WorkflowRunRecord
    /// Whether someone asked to cancel the run.
    func runCancelRequested(id: String) async throws -> Bool
}
