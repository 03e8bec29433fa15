import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `agent` action against a double that scripts a model asking for tools in turn: the tools are the
/// application's bound connector actions, run through the runtime.
@Suite struct LLMAgentTests {
    static let secret = "agent-upstream-secret-5c1e"

    /// An application with a REST connector `api` to `upstream` (a bearer credential, `request` bound), a PostgreSQL
    /// connector `warehouse` whose destructive `delete` is bound, and the `brain` llm connector.
    private func scenario(_ api: APIClient, _ double: LLMDouble, upstream: UpstreamServer, tag: String) async throws {
        try await double.connector(api, app: "ai", provider: "openai", name: "brain", tag: tag, ["defaultModel": "script-1"])
        try await api.makeCredential("ai", name: "upstream-token", kind: "bearer_token", fields: ["token": .string(Self.secret)])
        try await api.makeRESTConnector("ai", name: "api", baseURL: upstream.baseURL, credential: "upstream-token")
        try await api.makeCredential("ai", name: "db-login", kind: "username_password", fields: ["username": "agent", "password": "unused"])
        let warehouse = try await api.makeConnector(
            "ai", type: "postgresql", name: "warehouse", options: ["host": "127.0.0.1", "port": .integer(Int64(ClosedPort.find())), "database": "sales"],
            credential: "db-login")
        #expect(warehouse.status == .created, "\(warehouse.text)")
        for (connector, actions) in [("api", ["request"]), ("warehouse", ["delete"])] {
            let bound = try await api.call(
                .post, "/api/v1/applications/ai/tool-bindings", ["connectorId": .string(connector), "actions": .array(actions.map(JSONValue.string))])
            #expect(bound.status == .created, "\(bound.text)")
        }
    }

    private static func script(_ calls: [JSONValue]) -> JSONValue {
        .string("SCRIPT:" + JSONValue.array(calls).jsonString())
    }

    private static func request(_ path: String) -> JSONValue {
        ["name": "api__request", "arguments": ["method": "GET", "path": .string(path)]]
    }

    @Test func theModelsToolCallsRunThroughTheRuntimeAndFailuresGoBackToIt() async throws {
        let double = try LLMDouble.fromEnvironment()
        let upstream = UpstreamServer()
        try await upstream.start()
        let tag = UUID().uuidString
        try await APIFixture().run { api in
            try await scenario(api, double, upstream: upstream, tag: tag)
            let reply = try await api.run("ai", "brain", "agent", ["instruction": Self.script([Self.request("/json"), Self.request("/status/500")])])
            #expect(reply.status == .ok, "\(reply.text)")
            let output = reply.output
            #expect(output["finished"] == true)
            #expect(output["stopReason"] == "finished")
            #expect(output["steps"] == 3)
            #expect(output["tools"] == ["api__request"], "the destructive tool is not offered")
            let answer = output["answer"]?.stringValue ?? ""
            #expect(answer.hasPrefix("Finished after 2 tools:"), "\(answer)")
            #expect(answer.contains("plugboard"), "the first tool's output reached the model")
            #expect(answer.contains("code: upstream_error"), "the failed tool reached the model as an error: \(answer)")

            let transcript = output["transcript"]?.arrayValue ?? []
            let tools = transcript.filter { $0["type"] == "tool" }
            #expect(tools.count == 2)
            #expect(tools.first?["output"]?["status"] == 200)
            #expect(tools.last?["error"]?["code"] == "upstream_error")

            // Both calls ran as executions of the REST connector, logged under the agent's execution id.
            let agentID = try #require(reply.json["executionId"]?.stringValue)
            let runs = try await api.call(.get, "/api/v1/applications/ai/executions?run=\(agentID)")
            let items = runs.json["items"]?.arrayValue ?? []
            #expect(items.count == 2, "\(runs.text)")
            #expect(Set(items.compactMap { $0["status"]?.stringValue }) == ["succeeded", "failed"])
            #expect(items.allSatisfy { $0["connectorName"] == "api" && $0["tokenName"] == "bootstrap-admin" })
            let recorded: Set<String> = Set(tools.compactMap { $0["recordId"]?.stringValue })
            let logged: Set<String> = Set(items.compactMap { $0["id"]?.stringValue })
            #expect(recorded == logged)
            #expect(upstream.requests(to: "/json").count == 1)
            #expect(upstream.requests(to: "/json").first?.header("Authorization") == "Bearer \(Self.secret)")
            #expect(!upstream.requests(to: "/status/500").isEmpty)

            // The model was asked three times, each time with the conversation so far.
            let asked = try await double.requests(tag: tag).filter { $0["path"]?.stringValue?.hasSuffix("/chat/completions") == true }
            #expect(asked.count == 3)
            #expect(asked.last?["body"]?["messages"]?.arrayValue?.filter { $0["role"] == "tool" }.count == 2)
            #expect(!reply.text.contains(Self.secret))
        }
        await upstream.stop()
    }

    @Test func destructiveToolsRunOnlyWhenAllowed() async throws {
        let double = try LLMDouble.fromEnvironment()
        let upstream = UpstreamServer()
        try await upstream.start()
        try await APIFixture().run { api in
            try await scenario(api, double, upstream: upstream, tag: UUID().uuidString)
            let delete: JSONValue = ["name": "warehouse__delete", "arguments": ["table": "orders", "match": ["id": 1]]]
            let refused = try await api.run("ai", "brain", "agent", ["instruction": Self.script([delete])])
            #expect(refused.status == .ok, "\(refused.text)")
            let turn = refused.output["transcript"]?.arrayValue?.first { $0["type"] == "tool" }
            #expect(turn?["error"]?["code"] == "permission_denied", "\(refused.text)")
            #expect(refused.output["answer"]?.stringValue?.contains("allowDestructive") == true)

            let allowed = try await api.run("ai", "brain", "agent", ["instruction": Self.script([delete]), "allowDestructive": true])
            #expect(allowed.output["tools"] == ["api__request", "warehouse__delete"], "\(allowed.text)")
            let ran = allowed.output["transcript"]?.arrayValue?.first { $0["type"] == "tool" }
            // Nothing listens for the warehouse: the call ran, and failed reaching it.
            #expect(ran?["error"]?["code"] != "permission_denied", "\(allowed.text)")
            #expect(ran?["recordId"]?.stringValue?.hasPrefix("exe_") == true)
        }
        await upstream.stop()
    }

    @Test func theStepLimitStopsAModelThatNeverFinishes() async throws {
        let double = try LLMDouble.fromEnvironment()
        let upstream = UpstreamServer()
        try await upstream.start()
        try await APIFixture().run { api in
            try await scenario(api, double, upstream: upstream, tag: UUID().uuidString)
            let forever = JSONValue.string("LOOP:" + Self.request("/json").jsonString())
            let reply = try await api.call(
                .post, "/api/v1/applications/ai/connectors/brain/actions/agent", ["instruction": forever, "maxSteps": 3],
                headers: [.accept: "text/event-stream"])
            let events = SSEEvent.parse(reply.text)
            #expect(events.filter { $0.data["type"] == "tool_result" }.count == 3, "\(reply.text)")
            let result = try #require(events.last)
            #expect(result.name == "result")
            #expect(result.data["output"]?["stopReason"] == "step_limit")
            #expect(result.data["output"]?["finished"] == false)
            #expect(result.data["output"]?["steps"] == 3)
            #expect(upstream.requests(to: "/json").count == 3)

            let budget = try await api.run("ai", "brain", "agent", ["instruction": forever, "tokenBudget": 1])
            #expect(budget.output["stopReason"] == "token_budget", "\(budget.text)")
            #expect(budget.output["steps"] == 1)

            let unknown = try await api.run("ai", "brain", "agent", ["instruction": "hi", "tools": ["nothing__here"]])
            #expect(unknown.status == .notFound, "\(unknown.text)")
            #expect(unknown.error["field"] == "tools")
        }
        await upstream.stop()
    }
}
