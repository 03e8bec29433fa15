import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The Python `mcp` client starting the built `plugboard mcp --application APP` on the data folder of a running
/// instance (whose API makes the changes).
@Suite("MCP over stdio", .serialized, .timeLimit(.minutes(5)))
struct MCPStdioTests {
    @Test func listsCallsAndReportsFailuresAsAdminByDefault() async throws {
        let binary = try PlugboardBinary.path()
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let target = MCPClientProcess.Target.stdio(
                    binary: binary, data: plugboard.fixture.directory, application: AgentScenario.application, token: nil)
                MCPToolExpectations.checkListing(try await MCPClientProcess.run(target, "list"))
                MCPToolExpectations.checkSuccess(try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/echo"}"#]))
                let failed = try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/status/401"}"#])
                MCPToolExpectations.checkFailure(failed, code: "authentication_failed")
                try await expectExecutions(plugboard.api, tokenName: "mcp-stdio", count: 2)
            }
        }
    }

    @Test func aViewerTokenMayNotCall() async throws {
        let binary = try PlugboardBinary.path()
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let viewer = try await plugboard.token("agents", role: "viewer")
                let target = MCPClientProcess.Target.stdio(
                    binary: binary, data: plugboard.fixture.directory, application: AgentScenario.application, token: viewer)
                let refused = try await MCPClientProcess.run(target, "call", ["upstream__request", #"{"path": "/echo"}"#])
                MCPToolExpectations.checkFailure(refused, code: "permission_denied")
                #expect(upstream.requests(to: "/echo").isEmpty)
            }
        }
    }

    @Test func aBindingMadeThroughTheServerSendsListChanged() async throws {
        let binary = try PlugboardBinary.path()
        try await withUpstreamServer { upstream in
            try await LivePlugboard.run { plugboard in
                try await AgentScenario.make(plugboard.api, upstream: upstream)
                let target = MCPClientProcess.Target.stdio(
                    binary: binary, data: plugboard.fixture.directory, application: AgentScenario.application, token: nil)
                let watcher = try MCPClientProcess.start(target, "watch", ["30"])
                _ = try await watcher.waitForLine { $0["ready"] == true }
                try await AgentScenario.bind(plugboard.api, "unbound", ["request"])
                let after = try await watcher.finish()
                #expect(after["changed"] == true, "notifications/tools/list_changed arrived: \(watcher.transcript)")
                #expect(after["tools"]?.arrayValue?.contains("unbound__request") == true)
            }
        }
    }
}
