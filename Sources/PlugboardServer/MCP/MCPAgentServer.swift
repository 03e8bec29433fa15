import Logging
import MCP
import PlugboardCore
import PlugboardRuntime

/// Builds the MCP server one agent session talks to: tools from the application's bindings, resources for the
/// bound connectors, calls through the runtime with the agent's role and name.
enum MCPAgentServer {
    /// The MCP server's name and version, as `initialize` reports them.
    static let name = "plugboard"
    static let version = "0.1.0"

    /// A server with every handler registered; the caller starts it on a transport.
    static func make(agent: MCPAgent, runtime: Runtime, workflows: WorkflowRunner, cache: AgentToolCache, logger: Logger) async -> Server {
        let server = Server(
            name: name, version: version, title: "Plugboard",
            instructions: """
                Tools run actions of the connectors the application '\(agent.application.name)' exposes to agents; \
                each is named <connector>__<action>, and workflow__<name> runs a whole workflow. Plugboard holds the \
                credentials: never ask for secrets. \
                A failed call returns isError with a code, a cause and a fix. Read the plugboard://connectors/… \
                resources for what each connector is and, where offered, the schema of its service.
                """,
            capabilities: Server.Capabilities(resources: .init(subscribe: false, listChanged: true), tools: .init(listChanged: true)))
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: try await cache.table().mcpTools)
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            // Over HTTP the transport answers tools/call itself (`directMethods`); this serves standard input and output.
            let arguments = JSONValue(mcp: .object(parameters.arguments ?? [:]))
            switch await callTool(named: parameters.name, arguments: arguments, agent: agent, runtime: runtime, workflows: workflows, cache: cache) {
            case .result(let result): return try CallTool.Result(json: result)
            case .error(_, let message): throw MCPError.invalidParams(message)
            }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: AgentResources.list(try await cache.table()))
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            ReadResource.Result(contents: try await AgentResources.read(parameters.uri, table: try await cache.table(), runtime: runtime))
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in ListResourceTemplates.Result(templates: []) }
        return server
    }

    /// The requests the HTTP transport answers without the SDK's `Server`: `tools/call`.
    static func directMethods(agent: MCPAgent, runtime: Runtime, workflows: WorkflowRunner, cache: AgentToolCache) -> MCPDirectMethods {
        MCPDirectMethods(methods: ["tools/call"]) { _, params in
            guard let name = params?["name"]?.stringValue else {
                return .error(code: MCPDirectMethods.invalidParams, message: "tools/call needs the name of the tool.")
            }
            let arguments = params?["arguments"] ?? [:]
            guard arguments.objectValue != nil else {
                return .error(code: MCPDirectMethods.invalidParams, message: "The arguments of tools/call must be an object.")
            }
            return await callTool(named: name, arguments: arguments, agent: agent, runtime: runtime, workflows: workflows, cache: cache)
        }
    }

    /// The `tools/call` result for the tool `name`; an unknown tool is a JSON-RPC error, and every failure of the call
    /// itself a tool error the model can read and act on.
    static func callTool(
        named name: String, arguments: JSONValue, agent: MCPAgent, runtime: Runtime, workflows: WorkflowRunner, cache: AgentToolCache
    ) async -> MCPDirectMethods.Answer {
        let table: AgentToolTable
        do {
            table = try await cache.table()
        } catch {
            return .error(code: MCPDirectMethods.internalError, message: "The application's tools could not be read; try again.")
        }
        guard let tool = table.tool(named: name) else {
            return .error(code: MCPDirectMethods.invalidParams, message: "Unknown tool: \(name). List the tools to see what exists.")
        }
        guard agent.mayCall else { return .result(AgentToolResult.failure(viewerMayNotCall(agent))) }
        let call = await AgentToolCall.run(
            tool, arguments: arguments, application: agent.application, caller: agent.caller, timeout: nil, runtime: runtime,
            workflows: workflows)
        return .result(AgentToolResult.result(of: call))
    }

    static func viewerMayNotCall(_ agent: MCPAgent) -> ConnectorError {
        ConnectorError(
            .permissionDenied, message: "This token's role (\(agent.role.rawValue)) may list tools but not call them.",
            cause: "The API token the agent uses is a viewer token.", fix: "Give the agent a token with the runner role or higher.")
    }

    /// Tells the client its tool and resource lists changed, for every announced change in the agent's application,
    /// until the task is cancelled. Subscribes before returning, so no change after the call is missed.
    static func forwardChanges(of agent: MCPAgent, from changes: CatalogChanges, to server: Server, cache: AgentToolCache) -> Task<Void, Never> {
        let stream = changes.subscribe()
        let applicationID = agent.application.id
        return Task {
            for await change in stream where change.applicationID == applicationID {
                cache.invalidate()
                await notifyListsChanged(server)
            }
        }
    }

    /// Sends `notifications/tools/list_changed` and `notifications/resources/list_changed`.
    static func notifyListsChanged(_ server: Server) async {
        try? await server.notify(ToolListChangedNotification.message())
        try? await server.notify(ResourceListChangedNotification.message())
    }
}
