import PlugboardCore
import Testing

@testable import PlugboardServer

/// Tool names and large results, without a server.
@Suite("MCP tool names and results")
struct AgentToolNamingTests {
    @Test(arguments: [
        ("crm db", "query", "crm_db__query"), ("Ventes €/jour", "run", "Ventes_jour__run"), ("a-b_c", "x.y", "a-b_c__x_y"),
    ])
    func namesAreSanitized(connector: String, action: String, expected: String) {
        var names = AgentToolName()
        #expect(names.make(connector: connector, action: action) == expected)
    }

    @Test func collisionsAndLengthsStayUniqueAndShort() {
        var names = AgentToolName()
        let first = names.make(connector: "crm db", action: "query")
        let second = names.make(connector: "crm/db", action: "query")
        #expect(first == "crm_db__query" && second == "crm_db__query_2")
        let long = String(repeating: "x", count: 80)
        let a = names.make(connector: long, action: "query")
        let b = names.make(connector: long, action: "query")
        #expect(a.count == 64 && b.count == 64 && a != b)
    }

    @Test func largeResultsAreTruncatedWithANote() {
        let big = JSONValue.string(String(repeating: "a", count: 100_000))
        let bytes = big.jsonBytes()
        let result = AgentToolResult.success(executionID: "exe_1", output: big, outputBytes: bytes)
        guard let text = result["content"]?.arrayValue?.first?["text"]?.stringValue else {
            Issue.record("no text content")
            return
        }
        #expect(text.utf8.count < 66 * 1024)
        #expect(text.contains("Truncated: the result is \(bytes.count) bytes"))
        #expect(result["structuredContent"]?["truncated"] == true)
        #expect(result["isError"] == false)
    }
}
