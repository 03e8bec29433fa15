import MCP
import Logging
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// The tools and connectors an application exposes to agents: the actions its tool bindings name, then the
/// workflows it offers as tools.
struct AgentToolTable: Sendable {
    /// Every action tool, in binding order then action order.
    var tools: [AgentTool] = []
    /// Workflows offered as tools, by name.
    var workflowTools: [WorkflowTool] = []
    /// The bound connectors with their types, in binding order; each has resources.
    var connectors: [(connector: ConnectorRecord, type: ConnectorTypeDescriptor, tools: [AgentTool])] = []
    private var byName: [String: Entry] = [:]

    /// What a tool name stands for.
    enum Entry: Sendable {
        case action(AgentTool)
        case workflow(WorkflowTool)
    }

    /// The tool with this MCP name.
    func tool(named name: String) -> Entry? { byName[name] }

    /// Every tool as `tools/list` shows it.
    var mcpTools: [Tool] { tools.map(\.mcpTool) + workflowTools.map(\.mcpTool) }

    /// Reads the application's bindings and their connectors. A bound action the connector no longer offers (an
    /// MCP server's tool that went away) is left out and logged, so one stale binding does not hide the others.
    static func load(applicationID: String, runtime: Runtime, logger: Logger) async throws -> AgentToolTable {
        var table = AgentToolTable()
        var names = AgentToolName()
        for binding in try await runtime.store.toolBindings(applicationID: applicationID) {
            guard let connector = try await runtime.store.connector(applicationID: applicationID, binding.connectorID),
                let driver = try? runtime.registry.driver(for: connector.type)
            else { continue }
            let type = driver.descriptor
            var available = type.actions
            if type.connectorActions, binding.actions.contains(where: { type.action(named: $0) == nil }) {
                do {
                    available = try await runtime.actions(of: connector)
                } catch let error as ConnectorError {
                    logger.notice(
                        "MCP: the connector's own actions could not be read",
                        metadata: ["connector": "\(connector.name)", "code": "\(error.code)", "message": "\(error.message)"])
                }
            }
            var tools: [AgentTool] = []
            for actionName in binding.actions {
                guard let action = available.first(where: { $0.name == actionName }) else {
                    logger.notice("MCP: a bound action is not offered by its connector", metadata: ["connector": "\(connector.name)", "action": "\(actionName)"])
                    continue
                }
                let tool = AgentTool(name: names.make(connector: connector.name, action: action.name), connector: connector, type: type, action: action)
                tools.append(tool)
                table.byName[tool.name] = .action(tool)
            }
            table.tools += tools
            table.connectors.append((connector, type, tools))
        }
        for workflow in try await runtime.store.workflows(applicationID: applicationID) where workflow.agentTool {
            let tool = WorkflowTool(name: names.make(connector: "workflow", action: workflow.name), workflow: workflow)
            table.workflowTools.append(tool)
            table.byName[tool.name] = .workflow(tool)
        }
        return table
    }

    /// What identifies the table's contents: bindings and the versions of their connectors. When it changes, agents
    /// are told to list again (the stdio server polls it, since other processes change the store).
    static func fingerprint(applicationID: String, store: any Store) async throws -> [String] {
        var parts: [String] = []
        for binding in try await store.toolBindings(applicationID: applicationID) {
            let connector = try await store.connector(applicationID: applicationID, binding.connectorID)
            parts.append("\(binding.id):\(binding.version):\(connector.map { "\($0.version)" } ?? "-")")
        }
        for workflow in try await store.workflows(applicationID: applicationID) where workflow.agentTool {
            parts.append("\(workflow.id):\(workflow.version)")
        }
        return parts
    }
}
