import Logging
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// The application's tools for an agent inside one execution (the `llm` node's `agent`), exactly as MCP lists them;
/// each call runs as the caller that started the agent, logged under the agent's execution id.
struct ApplicationToolbox: AgentToolbox {
    let application: ApplicationRecord
    let caller: Caller
    let runtime: Runtime
    let workflows: WorkflowRunner
    /// The table, read once for the agent's run.
    let cache: AgentToolCache

    func tools(selecting names: [String]?) async throws -> [AgentToolSpec] {
        let table = try await cache.table()
        var specs = table.tools.map { tool in
            AgentToolSpec(
                name: tool.name, description: tool.description, inputSchema: AgentTool.objectSchema(tool.action.inputSchema),
                destructive: tool.action.annotations.destructive, readOnly: tool.action.annotations.readOnly)
        }
        for tool in table.workflowTools {
            specs.append(AgentToolSpec(
                name: tool.name, description: tool.description, inputSchema: AgentTool.objectSchema(tool.workflow.inputSchema ?? ["type": "object"]),
                destructive: try await destructive(tool.workflow), readOnly: false))
        }
        guard let names else { return specs }
        var selected: [AgentToolSpec] = []
        for name in names {
            let matching = specs.filter { spec in
                spec.name == name || table.tools.contains { $0.name == spec.name && $0.connector.name == name }
            }
            guard !matching.isEmpty else {
                throw ConnectorError(
                    .notFound, message: "The application offers agents no tool or connector named '\(name)'.",
                    fix: specs.isEmpty
                        ? "Bind connector actions as tools first (POST …/tool-bindings)."
                        : "Use one of: \(specs.map(\.name).joined(separator: ", ")), or a bound connector's name.",
                    field: "tools")
            }
            selected += matching.filter { spec in !selected.contains { $0.name == spec.name } }
        }
        return selected
    }

    func call(_ name: String, arguments: JSONValue, deadline: ContinuousClock.Instant) async -> AgentToolOutcome {
        let table: AgentToolTable
        do {
            table = try await cache.table()
        } catch {
            return .failure(ConnectorError(.internalError, message: "The application's tools could not be read; try again."))
        }
        guard let entry = table.tool(named: name) else {
            return .failure(ConnectorError(
                .notFound, message: "There is no tool named \(name).", fix: "Call one of the tools you were offered, by its exact name."))
        }
        let remaining = deadline - .now
        guard remaining > .zero else {
            return .failure(ConnectorError(.timedOut, message: "The agent's deadline passed before \(name) could run."))
        }
        let call = await AgentToolCall.run(
            entry, arguments: arguments, application: application, caller: caller, timeout: remaining, runtime: runtime, workflows: workflows)
        if let output = call.output, call.error == nil { return .success(output.value, recordID: call.recordID ?? "") }
        return .failure(call.error ?? ConnectorError(.internalError, message: "The call failed unexpectedly."), recordID: call.recordID)
    }

    /// A workflow is destructive when one of its steps may be: a destructive action, or another workflow (not
    /// looked into, so counted as one).
    private func destructive(_ workflow: WorkflowRecord) async throws -> Bool {
        for step in workflow.steps {
            guard case .action(let reference, let actionName) = step.target else { return true }
            guard let connector = try await runtime.store.connector(applicationID: application.id, reference),
                let driver = try? runtime.registry.driver(for: connector.type)
            else { return true }
            guard let action = driver.descriptor.action(named: actionName) else { return true }
            if action.annotations.destructive { return true }
        }
        return false
    }
}

/// Builds each execution's toolbox; installed on the runtime when the instance opens.
struct ApplicationToolboxes: AgentToolboxFactory {
    let runtime: Runtime
    let workflows: WorkflowRunner
    let logger: Logger

    func toolbox(application: ApplicationRecord, caller: Caller) -> any AgentToolbox {
        ApplicationToolbox(
            application: application, caller: caller, runtime: runtime, workflows: workflows,
            cache: AgentToolCache(applicationID: application.id, runtime: runtime, logger: logger))
    }
}
