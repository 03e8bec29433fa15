import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The Python `mcp` client against `/mcp` of a Plugboard listening on a loopback port.
@Suite("MCP over Streamable HTTP", .serialized, .timeLimit(.minutes(5)))
struct MCPHTTPTests {
    @Test func listsOnlyBoundActionsWithAnnotationsAndResources() async throws {
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let target = MCPClientProcess.Target.http(url: plugboard.mcpURL, token: try await plugboard.token("agents", role: "runner"))
                MCPToolExpectations.checkListing(try await MCPClientProcess.run(target, "list"))
                let read = try await MCPClientProcess.run(target, "read", ["plugboard://connectors/warehouse/description"])
                let description = read["contents"]?.arrayValue?.first?.stringValue ?? ""
                #expect(description.contains("warehouse__delete") && description.contains("plugboard.nodes.postgresql"), "\(description)")
                #expect(!description.contains("127.0.0.1"), "connector options stay out of descriptions")
                AgentScenario.expectNoSecret(description)
            }
        }
    }

    @Test func callsRunThroughTheRuntimeAndFailuresAreToolErrors() async throws {
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let target = MCPClientProcess.Target.http(url: plugboard.mcpURL, token: try await plugboard.token("agents", role: "runner"))

                let echoed = try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/echo"}"#])
                MCPToolExpectations.checkSuccess(echoed)
                #expect(upstream.requests(to: "/echo").last?.header("authorization") == "Bearer \(AgentScenario.upstreamSecret)",
                        "the runtime applied the credential")

                let refused = try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/status/401"}"#])
                MCPToolExpectations.checkFailure(refused, code: "authentication_failed")
                let invalid = try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/echo", "method": "BREW"}"#])
                MCPToolExpectations.checkFailure(invalid, code: "invalid_input")

                // Input refused by validation never reaches the execution log, as through the HTTP API.
                try await expectExecutions(plugboard.api, tokenName: "agent-runner", count: 2)
            }
        }
    }

    @Test func aViewerMayListButNotCall() async throws {
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let target = MCPClientProcess.Target.http(url: plugboard.mcpURL, token: try await plugboard.token("agents", role: "viewer"))
                MCPToolExpectations.checkListing(try await MCPClientProcess.run(target, "list"))
                let refused = try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/echo"}"#])
                MCPToolExpectations.checkFailure(refused, code: "permission_denied")
                #expect(upstream.requests(to: "/echo").isEmpty, "nothing reached the service")
            }
        }
    }

    @Test func aNewBindingSendsListChanged() async throws {
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let target = MCPClientProcess.Target.http(url: plugboard.mcpURL, token: try await plugboard.token("agents", role: "runner"))
                let watcher = try MCPClientProcess.start(target, "watch", ["30"])
                let ready = try await watcher.waitForLine { $0["ready"] == true }
                #expect(ready["tools"]?.arrayValue?.contains("unbound__request") == false)
                try await AgentScenario.bind(plugboard.api, "unbound", ["request"])
                let after = try await watcher.finish()
                #expect(after["changed"] == true, "notifications/tools/list_changed arrived: \(watcher.transcript)")
                #expect(after["tools"]?.arrayValue?.contains("unbound__request") == true)
            }
        }
    }
}

/// Waits for the execution log (written in batches) to hold `count` executions by `tokenName`.
func expectExecutions(_ api: APIClient, tokenName: String, count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    var items: [JSONValue] = []
    for _ in 0..<100 {
        items = try await api.call(.get, "/api/v1/applications/\(AgentScenario.application)/executions?limit=50").json["items"]?.arrayValue ?? []
        if items.filter({ $0["tokenName"]?.stringValue == tokenName }).count >= count { break }
        try await Task.sleep(for: .milliseconds(100))
    }
    let mine = items.filter { $0["tokenName"]?.stringValue == tokenName }
    #expect(mine.count == count, "executions: \(items)", sourceLocation: sourceLocation)
}
