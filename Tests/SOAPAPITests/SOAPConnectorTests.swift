import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite("SOAP node: connector actions, schema and configuration checks")
struct SOAPConnectorTests {
    @Test("each WSDL operation is an action of the connector, listed and runnable")
    func connectorActions() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server)
            let listed = try await api.call(.get, "/api/v1/applications/\(app)/connectors/shop/actions")
            #expect(listed.status == .ok, "\(listed.text)")
            let items = listed.json["items"]?.arrayValue ?? []
            #expect(items.compactMap { $0["name"]?.stringValue } == ["operations", "call", "Add", "Divide", "PlaceOrder", "GetOrder", "Multiply"])
            let add = try #require(items.first { $0["name"] == "Add" })
            #expect(add["description"] == "Adds two integers.")
            #expect(add["inputSchema"]?["required"] == ["a", "b"] && add["outputSchema"]?["properties"]?["sum"]?["type"] == "integer")

            let ran = try await api.run(app, "shop", "PlaceOrder", ["customer": "Grace", "item": [["sku": "C", "quantity": 4, "unitPrice": 0.25]]])
            #expect(ran.status == .ok, "\(ran.text)")
            #expect(ran.output["order"]?["itemCount"] == 4 && ran.output["order"]?["express"] == false)

            let before = server.requests(to: "/soap11").count
            let invalid = try await api.run(app, "shop", "PlaceOrder", ["customer": "Grace", "item": [], "priority": "someday"])
            #expect(invalid.errorCode == "invalid_input" && invalid.error["field"] == "priority", "\(invalid.text)")
            #expect(server.requests(to: "/soap11").count == before)
        }
    }

    @Test("the schema endpoint shows the operations and the named types")
    func schema() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server)
            let reply = try await api.call(.get, "/api/v1/applications/\(app)/connectors/shop/schema")
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["operations"]?.arrayValue?.count == 5)
            let types = reply.json["types"]?["types"] ?? .null
            #expect(types["{urn:plugboard:common}Priority"]?["enum"] == ["standard", "express", "overnight"])
            #expect(types["{urn:plugboard:common}Address"]?["properties"]?["country"]?["type"] == "string")
            #expect(reply.json["types"]?["elements"]?["{urn:plugboard:shop}Add"] != nil)
        }
    }

    @Test("a broken WSDL is refused at creation with the reason")
    func brokenWSDL() async throws {
        try await withShop { api, server, _ in
            let (app, reply) = try await api.makeShopConnector(server, options: ["wsdlUrl": .string("\(server.baseURL)/wsdl/broken.wsdl")])
            #expect(reply.errorCode == "invalid_configuration", "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains("broken.wsdl") == true)
            #expect(reply.error["message"]?.stringValue?.contains("not closed") == true)
            let missing = try await api.makeConnector(
                app, type: "soap", name: "missing", options: ["wsdlUrl": .string("\(server.baseURL)/wsdl/nothing.wsdl")])
            #expect(missing.errorCode == "invalid_configuration" && missing.error["details"]?["status"] == 404, "\(missing.text)")
            let entities = try await api.makeConnector(
                app, type: "soap", name: "entities", options: ["wsdlUrl": .string("\(server.baseURL)/wsdl/entities.wsdl")])
            #expect(entities.errorCode == "invalid_configuration" && entities.error["details"]?["reason"] == "entity_declaration", "\(entities.text)")
            let port = try await api.makeConnector(
                app, type: "soap", name: "port", options: ["wsdlUrl": .string("\(server.baseURL)/wsdl/service.wsdl"), "port": "Nope"])
            #expect(port.errorCode == "invalid_configuration" && port.error["field"] == "port", "\(port.text)")
        }
    }

    @Test("a WSDL importing from a denied address is egress_denied")
    func importDenied() async throws {
        let fixture = try await APIFixture(environment: ["PLUGBOARD_EGRESS_DENY": "127.0.0.2/32"])
        try await withShop(fixture: fixture) { api, server, _ in
            let (_, reply) = try await api.makeShopConnector(server, options: ["wsdlUrl": .string("\(server.baseURL)/wsdl/denied.wsdl")])
            #expect(reply.errorCode == "egress_denied", "\(reply.text)")
            #expect(reply.error["message"]?.stringValue?.contains("127.0.0.2") == true)
            #expect(server.requests(to: "/wsdl/denied.wsdl").count == 1)
        }
    }
}
