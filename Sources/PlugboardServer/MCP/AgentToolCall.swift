import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// One call of an application's tool as a caller, the same for an MCP client and for an agent inside an execution:
/// a connector action through the runtime, a workflow through the runner (waiting for its run to end).
struct AgentToolCall: Sendable {
    /// The output, serialized as it left (for MCP's text rendering); nil when the call failed.
    var output: (value: JSONValue, bytes: [UInt8])?
    var error: ConnectorError?
    /// The execution's id, or the workflow run's.
    var recordID: String?
    /// Whether `recordID` names a workflow run.
    var isRun = false

    /// Runs `entry` with `arguments` for `caller` in `application`, within `timeout` when one is given. Every failure
    /// is in the result, never thrown.
    static func run(
        _ entry: AgentToolTable.Entry, arguments: JSONValue, application: ApplicationRecord, caller: Caller, timeout: Duration?,
        runtime: Runtime, workflows: WorkflowRunner
    ) async -> AgentToolCall {
        switch entry {
        case .action(let tool):
            var executionID: String?
            do {
                let prepared = try await runtime.prepare(
                    application: application, connector: tool.connector.id, action: tool.action.name, input: arguments,
                    inputBytes: arguments.jsonBytes().count, caller: caller, timeout: timeout)
                executionID = prepared.executionID
                let outcome = try await runtime.run(prepared)
                return AgentToolCall(output: (outcome.output, outcome.outputBytes), recordID: outcome.executionID)
            } catch let error as ConnectorError {
                return AgentToolCall(error: error, recordID: executionID)
            } catch {
                return AgentToolCall(error: ConnectorError(.internalError, message: "The call failed unexpectedly."), recordID: executionID)
            }
        case .workflow(let tool):
            return await run(tool, arguments: arguments, application: application, caller: caller, timeout: timeout, workflows: workflows)
        }
    }

    /// Starts the workflow's run and answers with its output once it ends; a run still going after the wait is
    /// reported with its id, and goes on.
    private static func run(
        _ tool: WorkflowTool, arguments: JSONValue, application: ApplicationRecord, caller: Caller, timeout: Duration?,
        workflows: WorkflowRunner
    ) async -> AgentToolCall {
        do {
            let started = try await workflows.catalog.startRun(tool.workflow, input: arguments, startedBy: caller.tokenName)
            let wait = min(timeout ?? WorkflowTool.waitForRun, WorkflowTool.waitForRun)
            let run = try await workflows.waitForEnd(applicationID: application.id, runID: started.id, timeout: wait)
            switch run.status {
            case .succeeded:
                let output = run.output ?? .null
                return AgentToolCall(output: (output, output.jsonBytes()), recordID: run.id, isRun: true)
            case .failed, .cancelled:
                let error = ConnectorError(rendered: run.error ?? .null, fallback: "The workflow run \(run.status.rawValue).")
                return AgentToolCall(error: error, recordID: run.id, isRun: true)
            case .queued, .running:
                let output: JSONValue = [
                    "runId": .string(run.id), "status": .string(run.status.rawValue),
                    "note": .string("The run is still going; it goes on. Its steps and output are at GET /api/v1/applications/\(application.name)/runs/\(run.id)."),
                ]
                return AgentToolCall(output: (output, output.jsonBytes()), recordID: run.id, isRun: true)
            }
        } catch let error as ConnectorError {
            return AgentToolCall(error: error)
        } catch {
            return AgentToolCall(error: ConnectorError(.internalError, message: "The workflow could not be started."))
        }
    }
}
