import Foundation
import PlugboardCore

/// The audit record of one action: who, which connector, what happened, how long, how big. Never inputs or secrets.
public struct ExecutionRecord: Sendable, Hashable {
    /// `exe_` followed by 20 random characters; returned to the caller with the output.
    public var id: String
    /// The application the connector belongs to.
    public var applicationID: String
    /// The connector that ran the action.
    public var connectorID: String
    /// The connector's name when the action ran.
    public var connectorName: String
    /// The action's name.
    public var action: String
    /// Name of the API token that asked for the execution.
    public var tokenName: String
    /// `succeeded` or `failed`.
    public var status: String
    /// The `ConnectorError` code of a failed execution, such as `timed_out`; nil when it succeeded.
    public var errorCode: String?
    /// Wall time of the execution in milliseconds, pool wait included.
    public var durationMs: Double
    /// Size of the request's input JSON in bytes.
    public var inputBytes: Int
    /// Size of the output JSON in bytes; 0 when the execution failed.
    public var outputBytes: Int
    /// When the execution started.
    public var startedAt: Date
    /// The workflow run it was a step of, or the agent execution it was a tool call of, if any.
    public var runID: String?
    /// The tokens it used (an LLM's), if the action counts any.
    public var tokens: TokenUsage?

    /// An execution with a fresh `exe_` id unless one is given.
    public init(
        id: String = Identifier.make("exe"), applicationID: String, connectorID: String, connectorName: String, action: String,
        tokenName: String, status: String, errorCode: String?, durationMs: Double, inputBytes: Int, outputBytes: Int,
        startedAt: Date, runID: String? = nil, tokens: TokenUsage? = nil
    ) {
        self.id = id
        self.applicationID = applicationID
        self.connectorID = connectorID
        self.connectorName = connectorName
        self.action = action
        self.tokenName = tokenName
        self.status = status
        self.errorCode = errorCode
        self.durationMs = durationMs
        self.inputBytes = inputBytes
        self.outputBytes = outputBytes
        self.startedAt = startedAt
        self.runID = runID
        self.tokens = tokens
    }
}

/// Which executions to list.
public struct ExecutionFilter: Sendable, Hashable {
    /// Only executions of this connector; nil for every connector.
    public var connectorID: String?
    /// Only executions with this status, `succeeded` or `failed`; nil for both.
    public var status: String?
    /// Only the steps of this workflow run; nil for every execution.
    public var runID: String?

    /// With no arguments: every execution of the application.
    public init(connectorID: String? = nil, status: String? = nil, runID: String? = nil) {
        self.connectorID = connectorID
        self.status = status
        self.runID = runID
    }
}
