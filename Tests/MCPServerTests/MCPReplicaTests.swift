import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Two replicas on one PostgreSQL store: an agent connected to one hears of a tool bound through the other.
@Suite("MCP across replicas", .serialized, .timeLimit(.minutes(5)))
struct MCPReplicaTests {
    @Test func aBindingMadeThroughAnotherReplicaSendsListChanged() async throws {
        let shared = [
            "PLUGBOARD_DATABASE_URL": try StoreTestDatabase.freshSchemaURL(),
            "PLUGBOARD_MASTER_KEY": Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
        ]
        try await withUpstreamServer { upstream in
            let writer = try await APIFixture(environment: shared)
            try await writer.run { api in
                try await AgentScenario.make(api, upstream: upstream)
                try await LivePlugboard.run(environment: shared) { replica in
                    let listener = try #require(replica.fixture.instance.changeListener, "a shared store has a change listener")
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await listener.run() }
                        defer { group.cancelAll() }
                        #expect(await eventually { listener.isListening })
                        let target = MCPClientProcess.Target.http(url: replica.mcpURL, token: try await replica.token("agents", role: "runner"))
                        let watcher = try MCPClientProcess.start(target, "watch", ["30"])
                        let ready = try await watcher.waitForLine { $0["ready"] == true }
                        #expect(ready["tools"]?.arrayValue?.contains("unbound__request") == false)
                        try await AgentScenario.bind(api, "unbound", ["request"])
                        let after = try await watcher.finish()
                        #expect(after["changed"] == true, "notifications/tools/list_changed arrived from the other replica: \(watcher.transcript)")
                        #expect(after["tools"]?.arrayValue?.contains("unbound__request") == true)
                    }
                }
            }
        }
    }
}
