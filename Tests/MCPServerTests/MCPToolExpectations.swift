import PlugboardCore
import Testing

/// What every transport must show an agent of `AgentScenario`; the HTTP and stdio suites both check it.
enum MCPToolExpectations {
    /// tools/list and resources/list: only bound actions, readable names, annotations, descriptions, no secrets.
    static func checkListing(_ listed: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let tools = listed["tools"]?.arrayValue ?? []
        let names = tools.compactMap { $0["name"]?.stringValue }
        #expect(names == ["upstream__request", "warehouse__describe", "warehouse__delete"], "only bound actions are tools", sourceLocation: sourceLocation)
        let describe = tools.first { $0["name"] == "warehouse__describe" }
        #expect(describe?["annotations"]?["readOnlyHint"] == true, sourceLocation: sourceLocation)
        #expect(describe?["annotations"]?["idempotentHint"] == true, sourceLocation: sourceLocation)
        #expect(describe?["annotations"]?["destructiveHint"] == false, sourceLocation: sourceLocation)
        #expect(describe?["annotations"]?["title"] == "Describe the schema", sourceLocation: sourceLocation)
        let delete = tools.first { $0["name"] == "warehouse__delete" }
        #expect(delete?["annotations"]?["destructiveHint"] == true, sourceLocation: sourceLocation)
        #expect(delete?["annotations"]?["readOnlyHint"] == false, sourceLocation: sourceLocation)
        let description = describe?["description"]?.stringValue ?? ""
        #expect(description.contains("The sales warehouse") && description.contains("PostgreSQL"), "\(description)", sourceLocation: sourceLocation)
        let request = tools.first { $0["name"] == "upstream__request" }
        #expect(request?["inputSchema"]?["type"] == "object", sourceLocation: sourceLocation)
        #expect(request?["inputSchema"]?["properties"]?["path"] != nil, "the action's input schema is the tool's", sourceLocation: sourceLocation)
        let uris = (listed["resources"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }
        #expect(uris.contains("plugboard://connectors/upstream/description"), sourceLocation: sourceLocation)
        #expect(uris.contains("plugboard://connectors/warehouse/schema"), "PostgreSQL discovers a schema", sourceLocation: sourceLocation)
        #expect(!uris.contains("plugboard://connectors/upstream/schema"), sourceLocation: sourceLocation)
        #expect(!uris.contains { $0.contains("unbound") }, "unbound connectors have no resources", sourceLocation: sourceLocation)
        AgentScenario.expectNoSecret(listed.jsonString(), sourceLocation: sourceLocation)
    }

    /// A successful call: structured content and its text rendering; the upstream saw the credential, the agent did not.
    static func checkSuccess(_ result: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result["isError"] == false, "\(result)", sourceLocation: sourceLocation)
        #expect(result["structured"]?["status"] == 200, sourceLocation: sourceLocation)
        #expect(result["text"]?.stringValue?.contains("\"status\":200") == true, sourceLocation: sourceLocation)
        AgentScenario.expectNoSecret(result.jsonString(), sourceLocation: sourceLocation)
    }

    /// A failed call: a tool error with the taxonomy's code, message, cause and fix.
    static func checkFailure(_ result: JSONValue, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result["isError"] == true, "\(result)", sourceLocation: sourceLocation)
        #expect(result["structured"]?["error"]?["code"]?.stringValue == code, "\(result)", sourceLocation: sourceLocation)
        let text = result["text"]?.stringValue ?? ""
        #expect(text.contains("code: \(code)") && text.contains("cause: ") && text.contains("fix: "), "\(text)", sourceLocation: sourceLocation)
        AgentScenario.expectNoSecret(result.jsonString(), sourceLocation: sourceLocation)
    }
}
