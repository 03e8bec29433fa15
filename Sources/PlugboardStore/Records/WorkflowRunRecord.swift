import Foundation
import PlugboardCore

/// One run of a workflow: its input, its status, and each step's result, written as each step finishes so a run
/// that a restart interrupts resumes after its last finished step.
public struct WorkflowRunRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case queued, running, succeeded, failed, cancelled

        /// Whether the run has ended.
        public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
    }

    /// `run_` followed by 20 random characters.
    public var id: String
    public var applicationID: String
    public var workflowID: String
    public var workflowName: String
    /// The steps as they were when the run was queued; editing the workflow does not change a run.
    public var steps: [WorkflowStep]
    public var status: Status
    public var input: JSONValue
    /// The last step's output that ran, when the run succeeded.
    public var output: JSONValue?
    /// Why the run failed or was cancelled, as a `ConnectorError` renders.
    public var error: JSONValue?
    /// The trigger event that started it, if a trigger did: at most one run per event.
    public var eventID: String?
    /// Who started it: a token's name, or `trigger NAME`.
    public var startedBy: String
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Set when someone asked to cancel a running run; its runner stops it.
    public var cancelRequested: Bool
    /// Each step's result so far, in step order.
    public var stepResults: [WorkflowStepResult]

    public init(
        id: String = Identifier.make("run"), applicationID: String, workflowID: String, workflowName: String, steps: [WorkflowStep],
        status: Status = .queued, input: JSONValue, output: JSONValue? = nil, error: JSONValue? = nil, eventID: String? = nil,
        startedBy: String, createdAt: Date = Date(), startedAt: Date? = nil, finishedAt: Date? = nil, cancelRequested: Bool = false,
        stepResults: [WorkflowStepResult] = []
    ) {
        self.id = id
        self.applicationID = applicationID
        self.workflowID = workflowID
        self.workflowName = workflowName
        self.steps = steps
        self.status = status
        self.input = input
        self.output = output
        self.error = error
        self.eventID = eventID
        self.startedBy = startedBy
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.cancelRequested = cancelRequested
        self.stepResults = stepResults
    }
}

/// What one step of a run did.
public struct WorkflowStepResult: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case succeeded, failed, skipped
    }

    /// The step's position in the run's steps.
    public var index: Int
    public var name: String
    public var status: Status
    /// Tries made, retries included; for a `forEach` step, the tries of all its elements.
    public var attempts: Int
    public var startedAt: Date
    public var durationMs: Double
    /// The step's output, or a note in its place when it was larger than the store keeps.
    public var output: JSONValue?
    /// Whether `output` is a note that replaced an output too large to keep.
    public var outputTruncated: Bool
    /// The error of a failed step.
    public var error: JSONValue?

    public init(
        index: Int, name: String, status: Status, attempts: Int, startedAt: Date, durationMs: Double, output: JSONValue?,
        outputTruncated: Bool = false, error: JSONValue? = nil
    ) {
        self.index = index
        self.name = name
        self.status = status
        self.attempts = attempts
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.output = output
        self.outputTruncated = outputTruncated
        self.error = error
    }
}
