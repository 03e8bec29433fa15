import MCP
import PlugboardCore
import PlugboardStore

/// A workflow offered to agents as an MCP tool (`agentTool` on the workflow): its input schema is the tool's, and a
/// call runs the workflow and answers with the run's output when it ends.
struct WorkflowTool: Sendable {
    /// The tool's MCP name, `workflow__<name>`.
    var name: String
    var workflow: WorkflowRecord

    /// How long a call waits for its run; a longer run goes on, and the answer says where to follow it.
    static let waitForRun: Duration = .seconds(300)

    var mcpTool: Tool {
        Tool(
            name: name, title: workflow.name, description: description,
            inputSchema: AgentTool.objectSchema(workflow.inputSchema ?? ["type": "object"]).mcpValue,
            annotations: Tool.Annotations(title: workflow.name, readOnlyHint: false, destructiveHint: nil, idempotentHint: false))
    }

    /// What the workflow does, for a model: its description and its steps.
    var description: String {
        var text = workflow.description.isEmpty ? "Runs the workflow '\(workflow.name)'." : workflow.description
        text += "\n\nWorkflow '\(workflow.name)' runs \(workflow.steps.count) step(s): \(workflow.steps.map(\.name).joined(separator: ", "))."
        text += " The result is the last step's output."
        return text
    }
}
