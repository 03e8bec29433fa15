import Logging
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardRuntime
import PlugboardStore
import PlugboardTestSupport
import Testing

@testable import PlugboardServer

/// A workflow with `agentTool` on is an MCP tool: its input schema is the tool's, a call runs the workflow through the
/// runner and answers with the run's output, and the tool goes when the flag does.
@Suite struct WorkflowToolsTests {
    @Test func aWorkflowOfferedAsAToolRunsForAnAgent() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        let fixture = try await APIFixture()
        try await fixture.run(runners: true) { api in
            let app = try await api.makeApplication("agents")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "notify", "description": "Tells the upstream about an order.", "agentTool": true,
                "inputSchema": ["type": "object", "properties": ["id": ["type": "integer"]], "required": ["id"]],
                "steps": [["name": "post", "connector": "upstream", "action": "request",
                           "input": ["method": "POST", "path": "/echo", "body": ["json": ["id": "{{ input.id }}"]]]]],
            ])
            let instance = fixture.instance
            let application = try #require(try await instance.store.application(app))
            let cache = AgentToolCache(applicationID: application.id, runtime: instance.runtime, logger: Logger(label: "test"))
            func call(_ arguments: JSONValue, role: TokenRole = .runner) async -> JSONValue {
                let agent = MCPAgent(application: application, caller: Caller(tokenID: "t", tokenName: "agent"), role: role)
                switch await MCPAgentServer.callTool(
                    named: "workflow__notify", arguments: arguments, agent: agent, runtime: instance.runtime,
                    workflows: instance.workflowRunner, cache: cache)
                {
                case .result(let result): return result
                case .error(_, let message): return ["rpcError": .string(message)]
                }
            }

            let listed = try await cache.table().mcpTools
            let tool = try #require(listed.first { $0.name == "workflow__notify" }, "\(listed.map(\.name))")
            #expect(tool.description?.contains("Tells the upstream") == true)
            #expect(JSONValue(mcp: tool.inputSchema)["required"] == ["id"], "the workflow's input schema is the tool's")

            let answer = await call(["id": 5])
            #expect(answer["isError"] == false, "\(answer)")
            #expect(answer["structuredContent"]?["status"] == 200 && answer["_meta"]?["plugboard/runId"]?.stringValue?.hasPrefix("run_") == true)
            #expect(upstream.requests(to: "/echo").compactMap { try? JSONParser.parse($0.body)["id"] } == [5])
            let runs = try await api.call(.get, "/api/v1/applications/\(app)/workflows/notify/runs")
            #expect(runs.json["items"]?.arrayValue?.first?["startedBy"] == "agent")

            let invalid = await call(["id": "five"])
            #expect(invalid["isError"] == true && invalid["structuredContent"]?["error"]?["code"] == "invalid_input", "\(invalid)")
            let viewer = await call(["id": 6], role: .viewer)
            #expect(viewer["structuredContent"]?["error"]?["code"] == "permission_denied")

            try await api.expectOK(.patch, "/api/v1/applications/\(app)/workflows/notify", ["agentTool": false])
            cache.invalidate()
            #expect(try await cache.table().mcpTools.contains { $0.name == "workflow__notify" } == false)
            let gone = await call(["id": 7])
            #expect(gone["rpcError"] != nil)
        }
    }
}
