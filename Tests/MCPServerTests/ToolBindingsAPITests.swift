import Hummingbird
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// `/api/v1/applications/{app}/tool-bindings` through the router: CRUD, validation, and the binding as a
/// dependent that keeps its connector from being deleted.
@Suite("Tool bindings API")
struct ToolBindingsAPITests {
    static let base = "/api/v1/applications/demo/tool-bindings"

    @Test func createReadUpdateDelete() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("demo")
            let connector = try await api.makeRESTConnector("demo", name: "crm", baseURL: "http://127.0.0.1:9")
            let created = try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request"]])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["connectorId"] == connector["id"])
            #expect(created.json["connectorName"] == "crm")
            #expect(created.json["actions"] == ["request"])

            let list = try await api.call(.get, Self.base)
            #expect(list.json["total"] == 1)
            #expect(list.json["items"]?.arrayValue?.first?["id"]?.stringValue == id)
            #expect(try await api.call(.get, "\(Self.base)/\(id)").json["id"]?.stringValue == id)
            #expect(try await api.call(.get, "\(Self.base)/crm").json["id"]?.stringValue == id, "a binding is found by its connector's name")

            let updated = try await api.call(.patch, "\(Self.base)/\(id)", ["actions": ["request"]])
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated.json["version"] == 2)

            #expect(try await api.call(.delete, "\(Self.base)/\(id)").status == .noContent)
            #expect(try await api.call(.get, "\(Self.base)/\(id)").errorCode == "not_found")
            #expect(try await api.call(.get, Self.base).json["total"] == 0)
        }
    }

    @Test func refusesUnknownConnectorsActionsAndDuplicates() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("demo")
            try await api.makeRESTConnector("demo", name: "crm", baseURL: "http://127.0.0.1:9")

            let noConnector = try await api.call(.post, Self.base, ["connectorId": "nope", "actions": ["request"]])
            #expect(noConnector.status == .badRequest)
            #expect(noConnector.error["field"] == "connectorId")

            let noAction = try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request", "drop_everything"]])
            #expect(noAction.errorCode == "invalid_input")
            #expect(noAction.error["message"]?.stringValue?.contains("drop_everything") == true)
            #expect(noAction.error["fix"]?.stringValue?.contains("request") == true, "the fix lists the actions that exist")

            #expect(try await api.call(.post, Self.base, ["connectorId": "crm", "actions": []]).errorCode == "invalid_input")
            #expect(try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request", "request"]]).errorCode == "invalid_input")
            #expect(try await api.call(.post, Self.base, ["connectorId": "crm"]).errorCode == "invalid_input")
            #expect(try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request"], "extra": 1]).errorCode == "invalid_input")

            #expect(try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request"]]).status == .created)
            let again = try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request"]])
            #expect(again.status == .conflict)
            #expect(again.errorCode == "already_exists")
            #expect(try await api.call(.get, Self.base).json["total"] == 1, "a refused create writes nothing")
        }
    }

    @Test func connectorIsInUseWhileBound() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("demo")
            try await api.makeRESTConnector("demo", name: "crm", baseURL: "http://127.0.0.1:9")
            let binding = try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request"]])
            let id = try #require(binding.json["id"]?.stringValue)

            let refused = try await api.call(.delete, "/api/v1/applications/demo/connectors/crm")
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "connector_in_use")
            #expect(refused.error["details"]?["dependents"]?.arrayValue?.first?["kind"] == "tool_binding")
            let dependents = try await api.call(.get, "/api/v1/applications/demo/connectors/crm/dependents")
            #expect(dependents.json["items"]?.arrayValue?.first?["kind"] == "tool_binding")
            #expect(try await api.call(.get, "/api/v1/applications/demo/connectors/crm").status == .ok, "the connector is still there")

            #expect(try await api.call(.delete, "\(Self.base)/\(id)").status == .noContent)
            #expect(try await api.call(.get, "/api/v1/applications/demo/connectors/crm/dependents").json["total"] == 0)
            #expect(try await api.call(.delete, "/api/v1/applications/demo/connectors/crm").status == .noContent)
        }
    }

    @Test func rolesLimitWhoManagesBindings() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("demo")
            try await api.makeRESTConnector("demo", name: "crm", baseURL: "http://127.0.0.1:9")
            let viewer = try #require(
                try await api.call(.post, "/api/v1/tokens", ["name": "v", "application": "demo", "role": "viewer"]).json["token"]?.stringValue)
            #expect(try await api.call(.get, Self.base, token: viewer).status == .ok)
            let refused = try await api.call(.post, Self.base, ["connectorId": "crm", "actions": ["request"]], token: viewer)
            #expect(refused.status == .forbidden)
            #expect(try await api.call(.get, Self.base, token: nil).status == .unauthorized)
        }
    }

    @Test func openAPIListsBindingsAndMCP() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            let paths = try await api.call(.get, "/openapi.json", token: nil).json["paths"]
            #expect(paths?["/api/v1/applications/{app}/tool-bindings"]?["post"]?["operationId"] == "createToolBinding")
            #expect(paths?["/api/v1/applications/{app}/tool-bindings/{binding}"]?["delete"] != nil)
            #expect(paths?["/mcp"]?["post"] != nil && paths?["/mcp"]?["get"] != nil && paths?["/mcp"]?["delete"] != nil)
            // /mcp fails with JSON-RPC error bodies, and the document says so for each method and status.
            for method in ["post", "get", "delete"] {
                let responses = paths?["/mcp"]?[method]?["responses"]
                for status in ["400", "401", "403", "404", "default"] {
                    let schema = responses?[status]?["content"]?["application/json"]?["schema"]?["$ref"]
                    #expect(schema == "#/components/schemas/JSONRPCError", "\(method) \(status)")
                }
            }
            #expect(paths?["/mcp"]?["post"]?["responses"]?["202"] != nil)
        }
    }

    @Test func mcpNeedsATokenAndAnApplication() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            let initialize: JSONValue = [
                "jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]],
            ]
            let accept: HTTPFields = [.accept: "application/json, text/event-stream"]
            let anonymous = try await api.call(.post, "/mcp", initialize, token: nil, headers: accept)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json["jsonrpc"] == "2.0" && anonymous.json["error"]?["code"] != nil, "\(anonymous.text)")
            let global = try await api.call(.post, "/mcp", initialize, headers: accept)
            #expect(global.status == .badRequest)
            #expect(global.json["jsonrpc"] == "2.0")
            #expect(global.text.contains("must name the application"), "\(global.text)")
            let missing = try await api.call(.post, "/mcp?application=nope", initialize, headers: accept)
            #expect(missing.status == .notFound, "\(missing.text)")
            let noSession = try await api.call(
                .post, "/mcp", ["jsonrpc": "2.0", "id": 2, "method": "tools/list"], headers: accept)
            #expect(noSession.status == .badRequest, "a request without a session is refused with a JSON-RPC error")
            #expect(noSession.json["error"]?["code"] == -32600)
        }
    }
}
