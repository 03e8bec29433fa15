import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `mcp` node against a real MCP server written with the Python `mcp` package, through Plugboard's HTTP API.
@Suite(.serialized) struct MCPNodeTests {
    static let transports = ["streamable-http", "sse"]

    /// Makes an application and an `mcp` connector for `server`, returning the application's name.
    private func connector(
        _ api: APIClient, _ server: MCPTestServer, name: String = "tools", credential: String? = nil, app: String = "agents"
    ) async throws -> String {
        try await api.makeApplication(app)
        let reply = try await api.makeConnector(
            app, type: "mcp", name: name, options: ["serverUrl": .string(server.url), "transport": .string(server.transport), "timeout": 20],
            credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
        return app
    }

    private func path(_ app: String, _ connector: String, _ rest: String = "") -> String {
        "/api/v1/applications/\(app)/connectors/\(connector)\(rest)"
    }

    @Test(arguments: transports)
    func testReportsServerAndToolCount(transport: String) async throws {
        try await MCPTestServer.with(transport: transport) { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                let reply = try await api.call(.post, path(app, "tools", "/test"))
                #expect(reply.status == .ok, "\(reply.text)")
                let details = reply.json["details"]
                #expect(details?["server"] == "plugboard-test-tools")
                #expect(details?["version"] == "1.4.2")
                #expect(details?["tools"] == 7)
                #expect(details?["transport"] == .string(transport))
                #expect(details?["protocolVersion"] == "2025-06-18")
            }
        }
    }

    @Test(arguments: transports)
    func actionsListEachToolWithSchemaAndAnnotations(transport: String) async throws {
        try await MCPTestServer.with(transport: transport) { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                let reply = try await api.call(.get, path(app, "tools", "/actions"))
                #expect(reply.status == .ok, "\(reply.text)")
                let actions = reply.json["items"]?.arrayValue ?? []
                let byName = Dictionary(actions.compactMap { action in action["name"]?.stringValue.map { ($0, action) } }) { first, _ in first }
                #expect(Set(byName.keys) == ["list_tools", "call_tool", "add_numbers", "echo", "explode", "word_length", "delete-note", "pixel", "price_order"])

                let add = try #require(byName["add_numbers"])
                #expect(add["description"] == "Adds a list of numbers and returns their sum and count.")
                #expect(add["inputSchema"]?["properties"]?["numbers"]?["type"] == "array")
                #expect(add["inputSchema"]?["required"] == ["numbers"])
                #expect(add["outputSchema"]?["properties"]?["structuredContent"]?["properties"]?["sum"]?["type"] == "number")

                #expect(byName["word_length"]?["annotations"] == ["readOnly": true, "destructive": false, "idempotent": true])
                #expect(byName["delete-note"]?["annotations"] == ["readOnly": false, "destructive": true, "idempotent": true])
                // No hints: MCP's defaults, destructive and not idempotent.
                #expect(byName["echo"]?["annotations"] == ["readOnly": false, "destructive": true, "idempotent": false])
                #expect(byName["list_tools"]?["annotations"]?["readOnly"] == true)
            }
        }
    }

    @Test(arguments: transports)
    func toolsRunThroughTheirOwnActionsAndCallTool(transport: String) async throws {
        try await MCPTestServer.with(transport: transport) { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                let added = try await api.run(app, "tools", "add_numbers", ["numbers": [1.5, 2, 3]])
                #expect(added.status == .ok, "\(added.text)")
                #expect(added.output["structuredContent"] == ["sum": 6.5, "count": 3])
                #expect(added.output["content"]?.arrayValue?.first?["type"] == "text")

                let data: JSONValue = ["order": ["id": 42, "items": ["pen", "ink"]], "paid": true]
                let echoed = try await api.run(app, "tools", "call_tool", ["name": "echo", "arguments": ["data": data, "label": "copy"]])
                #expect(echoed.status == .ok, "\(echoed.text)")
                #expect(echoed.output["structuredContent"]?["echoed"] == data)
                #expect(echoed.output["structuredContent"]?["label"] == "copy")

                let length = try await api.run(app, "tools", "word_length", ["word": "plugboard"])
                #expect(length.output["structuredContent"]?["result"] == 9)

                let deleted = try await api.run(app, "tools", "delete-note", ["note_id": 7])
                #expect(deleted.output["text"] == "deleted note 7")

                let pixel = try await api.run(app, "tools", "pixel", [:])
                let items = pixel.output["content"]?.arrayValue ?? []
                #expect(items.count == 2, "\(pixel.text)")
                #expect(items.first?["text"] == "a transparent pixel")
                #expect(items.last?["type"] == "image")
                #expect(items.last?["mimeType"] == "image/png")
                let png = Data(base64Encoded: items.last?["data"]?.stringValue ?? "") ?? Data()
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))

                let listed = try await api.run(app, "tools", "list_tools", [:])
                #expect(listed.output["tools"]?.arrayValue?.count == 7)

                // A nested model's $ref is inlined, so the nested fields are checked here and the call goes through.
                let priced = try await api.run(app, "tools", "price_order", ["order": ["item": "pen", "quantity": 3], "unit_price": 1.5])
                #expect(priced.output["structuredContent"]?["result"] == 4.5, "\(priced.text)")
                let badNested = try await api.run(app, "tools", "price_order", ["order": ["item": "pen", "quantity": "many"], "unit_price": 1])
                #expect(badNested.errorCode == "invalid_input", "\(badNested.text)")
                #expect(badNested.error["field"] == "order.quantity", "\(badNested.text)")
            }
        }
    }

    @Test(arguments: transports)
    func failingToolIsAnUpstreamErrorWithItsMessage(transport: String) async throws {
        try await MCPTestServer.with(transport: transport) { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                for reply in [
                    try await api.run(app, "tools", "explode", ["reason": "the fuse was lit"]),
                    try await api.run(app, "tools", "call_tool", ["name": "explode", "arguments": ["reason": "the fuse was lit"]]),
                ] {
                    #expect(reply.status.code >= 400, "\(reply.text)")
                    #expect(reply.errorCode == "upstream_error")
                    let message = reply.error["message"]?.stringValue ?? ""
                    #expect(message.contains("'explode' failed"), "\(message)")
                    #expect(message.contains("explode failed: the fuse was lit"), "\(message)")
                }
                // The session still works after a failing tool.
                let added = try await api.run(app, "tools", "add_numbers", ["numbers": [2, 2]])
                #expect(added.output["structuredContent"]?["sum"] == 4)
            }
        }
    }

    @Test(arguments: transports)
    func badArgumentsAreInvalidInputBeforeSending(transport: String) async throws {
        try await MCPTestServer.with(transport: transport) { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                let own = try await api.run(app, "tools", "add_numbers", ["numbers": "three"])
                #expect(own.errorCode == "invalid_input", "\(own.text)")
                #expect(own.error["field"] == "numbers")
                let missing = try await api.run(app, "tools", "word_length", [:])
                #expect(missing.errorCode == "invalid_input", "\(missing.text)")
                #expect(missing.error["field"] == "word")
                let viaCall = try await api.run(app, "tools", "call_tool", ["name": "delete-note", "arguments": ["note_id": "seven"]])
                #expect(viaCall.errorCode == "invalid_input", "\(viaCall.text)")
                #expect(viaCall.error["field"] == "note_id")
                // The server's own validation message would name pydantic; ours names the field and the type.
                #expect(viaCall.error["message"]?.stringValue?.contains("must be of type integer") == true, "\(viaCall.text)")
                let unknown = try await api.run(app, "tools", "call_tool", ["name": "no_such_tool"])
                #expect(unknown.errorCode == "not_found", "\(unknown.text)")
            }
        }
    }

    @Test(arguments: transports)
    func schemaDiscoveryReturnsServerAndTools(transport: String) async throws {
        try await MCPTestServer.with(transport: transport) { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                let reply = try await api.call(.get, path(app, "tools", "/schema"))
                #expect(reply.status == .ok, "\(reply.text)")
                #expect(reply.json["server"]?["name"] == "plugboard-test-tools")
                let tools = reply.json["tools"]?.arrayValue ?? []
                #expect(tools.compactMap { $0["name"]?.stringValue }.sorted() == ["add_numbers", "delete-note", "echo", "explode", "pixel", "price_order", "word_length"])
                let delete = tools.first { $0["name"] == "delete-note" }
                #expect(delete?["annotations"]?["destructiveHint"] == true)
            }
        }
    }

    @Test(arguments: transports)
    func bearerTokenIsSentAndRefusedTokensAreAuthenticationErrors(transport: String) async throws {
        let token = "mcp-bearer-0f9e8d7c6b5a"
        try await MCPTestServer.with(transport: transport, token: token) { server in
            try await APIFixture().run { api in
                try await api.makeApplication("agents")
                let good = try await api.makeCredential("agents", name: "good", kind: "bearer_token", fields: ["token": .string(token)])
                let wrong = try await api.makeCredential("agents", name: "wrong", kind: "bearer_token", fields: ["token": "not-the-token-123"])
                let options: JSONObject = ["serverUrl": .string(server.url), "transport": .string(transport)]
                try await api.makeConnector("agents", type: "mcp", name: "anonymous", options: options)
                try await api.makeConnector("agents", type: "mcp", name: "wrong", options: options, credential: wrong)
                try await api.makeConnector("agents", type: "mcp", name: "good", options: options, credential: good)

                for name in ["anonymous", "wrong"] {
                    let tested = try await api.call(.post, path("agents", name, "/test"))
                    #expect(tested.errorCode == "authentication_failed", "\(name): \(tested.text)")
                    let ran = try await api.run("agents", name, "call_tool", ["name": "add_numbers", "arguments": ["numbers": [1]]])
                    #expect(ran.errorCode == "authentication_failed", "\(name): \(ran.text)")
                    #expect(!ran.text.contains("not-the-token-123"))
                }
                let tested = try await api.call(.post, path("agents", "good", "/test"))
                #expect(tested.status == .ok, "\(tested.text)")
                let added = try await api.run("agents", "good", "add_numbers", ["numbers": [40, 2]])
                #expect(added.output["structuredContent"]?["sum"] == 42, "\(added.text)")
                #expect(!added.text.contains(token))
            }
        }
    }

    @Test(arguments: transports)
    func serverDownIsConnectionRefused(transport: String) async throws {
        try await APIFixture().run { api in
            try await api.makeApplication("agents")
            let url = "http://127.0.0.1:\(ClosedPort.find())\(transport == "sse" ? "/sse" : "/mcp")"
            try await api.makeConnector("agents", type: "mcp", name: "down", options: ["serverUrl": .string(url), "transport": .string(transport)])
            let tested = try await api.call(.post, path("agents", "down", "/test"))
            #expect(tested.errorCode == "connection_refused", "\(tested.text)")
            let actions = try await api.call(.get, path("agents", "down", "/actions"))
            #expect(actions.errorCode == "connection_refused", "\(actions.text)")
        }
    }

    @Test func expiredSessionIsInitializedAgain() async throws {
        try await MCPTestServer.with(transport: "streamable-http") { server in
            try await APIFixture().run { api in
                let app = try await connector(api, server)
                let first = try await api.run(app, "tools", "add_numbers", ["numbers": [1, 1]])
                #expect(first.output["structuredContent"]?["sum"] == 2, "\(first.text)")
                try await server.post("/forget-sessions")
                let second = try await api.run(app, "tools", "add_numbers", ["numbers": [2, 3]])
                #expect(second.output["structuredContent"]?["sum"] == 5, "\(second.text)")
            }
        }
    }

    @Test func wrongTransportIsAClearConfigurationError() async throws {
        try await MCPTestServer.with(transport: "sse") { server in
            try await APIFixture().run { api in
                try await api.makeApplication("agents")
                try await api.makeConnector(
                    "agents", type: "mcp", name: "mismatch", options: ["serverUrl": .string(server.url), "transport": "streamable-http"])
                let tested = try await api.call(.post, path("agents", "mismatch", "/test"))
                #expect(tested.errorCode == "invalid_configuration", "\(tested.text)")
                #expect(tested.error["field"] == "transport", "\(tested.text)")
            }
        }
    }

    @Test func secretHeadersAreRefusedInOptions() async throws {
        try await APIFixture().run { api in
            try await api.makeApplication("agents")
            let reply = try await api.makeConnector(
                "agents", type: "mcp", name: "leaky",
                options: ["serverUrl": "http://127.0.0.1:9/mcp", "headers": ["Authorization": "Bearer abc"]])
            #expect(reply.errorCode == "invalid_configuration", "\(reply.text)")
            #expect(reply.error["field"] == "headers.Authorization")
            let transport = try await api.makeConnector(
                "agents", type: "mcp", name: "odd", options: ["serverUrl": "http://127.0.0.1:9/mcp", "transport": "websocket"])
            #expect(transport.errorCode == "invalid_configuration", "\(transport.text)")
        }
    }
}
