import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite("SOAP node: operations and calls")
struct SOAPCallTests {
    @Test("lists the WSDL's operations with input and output shapes from the imported and included schemas")
    func listsOperations() async throws {
        try await withShop { api, server, _ in
            let (app, created) = try await api.makeShopConnector(server)
            #expect(created.status == .created, "\(created.text)")
            let reply = try await api.run(app, "shop", "operations")
            #expect(reply.status == .ok, "\(reply.text)")
            let output = reply.output
            #expect(output["service"] == "ShopService" && output["port"] == "ShopSoap11" && output["soapVersion"] == "1.1")
            let operations = output["operations"]?.arrayValue ?? []
            #expect(operations.compactMap { $0["name"]?.stringValue } == ["Add", "Divide", "PlaceOrder", "GetOrder", "Multiply"])
            let place = try #require(operations.first { $0["name"] == "PlaceOrder" })
            let input = place["inputSchema"] ?? .null
            #expect(input["properties"]?.objectValue?.keys == ["customer", "shipTo", "item", "priority", "giftWrap"])
            #expect(input["required"] == ["customer", "item"])
            #expect(input["properties"]?["item"]?["type"] == "array")
            #expect(input["properties"]?["item"]?["items"]?["properties"]?["quantity"]?["type"] == "integer")
            #expect(input["properties"]?["priority"]?["enum"] == ["standard", "express", "overnight"])
            #expect(input["properties"]?["shipTo"]?["required"] == ["street", "city", "country"])
            let order = place["outputSchema"]?["properties"]?["order"] ?? .null
            #expect(order["properties"]?.objectValue?.keys.first == "id", "the extension's base content comes first")
            #expect(order["properties"]?["line"]?["type"] == "array" && order["properties"]?["express"]?["type"] == "boolean")
            #expect(place["soapAction"] == "urn:plugboard:shop:PlaceOrder")
            let multiply = try #require(operations.first { $0["name"] == "Multiply" })
            #expect(multiply["style"] == "rpc" && multiply["inputSchema"]?["properties"]?["x"]?["type"] == "integer")
        }
    }

    @Test("calls document/literal operations over SOAP 1.1 with SOAPAction, nested types and arrays")
    func callsOverSOAP11() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server)
            let add = try await api.run(app, "shop", "call", ["operation": "Add", "input": ["a": 2, "b": 40]])
            #expect(add.status == .ok, "\(add.text)")
            #expect(add.output["output"] == ["sum": 42])
            let request = try #require(server.requests(to: "/soap11").last)
            #expect(request.header("SOAPAction") == "\"urn:plugboard:shop:Add\"")
            #expect(request.header("Content-Type")?.hasPrefix("text/xml") == true)
            #expect(request.bodyText.contains("UsernameToken") && request.bodyText.contains("#PasswordText"))

            let placed = try await api.run(app, "shop", "call", [
                "operation": "PlaceOrder",
                "input": [
                    "priority": "express", "customer": "Ada",
                    "item": [["sku": "A-1", "quantity": 2, "unitPrice": 2.5], ["sku": "B-2", "quantity": 1, "unitPrice": 10]],
                    "shipTo": ["city": "London", "street": "1 Analytical Way", "country": "GB"],
                ],
            ])
            #expect(placed.status == .ok, "\(placed.text)")
            let order = placed.output["output"]?["order"] ?? .null
            #expect(order["customer"] == "Ada" && order["status"] == "accepted" && order["express"] == true)
            #expect(order["itemCount"] == 3 && order["total"]?.doubleValue == 15)
            #expect(order["line"]?.arrayValue?.count == 2 && order["line"]?.arrayValue?.first?["sku"] == "A-1")
            #expect(order["line"]?.arrayValue?.first?["quantity"] == 2)
            let id = try #require(order["id"]?.stringValue)

            let fetched = try await api.run(app, "shop", "call", ["operation": "GetOrder", "input": ["id": .string(id)]])
            #expect(fetched.output["output"]?["order"]?["total"]?.doubleValue == 15)
            let missing = try await api.run(app, "shop", "call", ["operation": "GetOrder", "input": ["id": "ORD-0"]])
            #expect(missing.output["output"] == [:])
        }
    }

    @Test("calls over SOAP 1.2 with the action in the media type, document and rpc styles")
    func callsOverSOAP12() async throws {
        try await withShop { api, server, _ in
            let (app, created) = try await api.makeShopConnector(server, options: ["soapVersion": "1.2"])
            #expect(created.status == .created, "\(created.text)")
            let add = try await api.run(app, "shop", "call", ["operation": "Add", "input": ["a": -5, "b": 3]])
            #expect(add.output["output"] == ["sum": -2], "\(add.text)")
            let request = try #require(server.requests(to: "/soap12").last)
            #expect(request.header("Content-Type") == "application/soap+xml; charset=utf-8; action=\"urn:plugboard:shop:Add\"")
            #expect(request.header("SOAPAction") == nil)

            let multiply = try await api.run(app, "shop", "call", ["operation": "Multiply", "input": ["x": 6, "y": 7]])
            #expect(multiply.output["output"] == ["product": 42], "\(multiply.text)")
            let divide = try await api.run(app, "shop", "call", ["operation": "Divide", "input": ["dividend": 1, "divisor": 4]])
            #expect(divide.output["output"] == ["quotient": 0.25], "\(divide.text)")
        }
    }

    @Test("an rpc/literal call over SOAP 1.1 names the port explicitly")
    func rpcOverSOAP11() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server, options: ["port": "ShopSoap11", "service": "ShopService"])
            let multiply = try await api.run(app, "shop", "call", ["operation": "Multiply", "input": ["x": 12, "y": 12]])
            #expect(multiply.output["output"] == ["product": 144], "\(multiply.text)")
        }
    }

    @Test("input that does not fit the schema is invalid_input before anything is sent")
    func refusesBadInput() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server)
            let before = server.requests(to: "/soap11").count
            let unknown = try await api.run(app, "shop", "call", ["operation": "Add", "input": ["a": 1, "c": 2]])
            #expect(unknown.errorCode == "invalid_input" && unknown.error["field"] == "c", "\(unknown.text)")
            let missing = try await api.run(app, "shop", "call", ["operation": "Add", "input": ["a": 1]])
            #expect(missing.errorCode == "invalid_input" && missing.error["field"] == "b", "\(missing.text)")
            let operation = try await api.run(app, "shop", "call", ["operation": "Subtract", "input": [:]])
            #expect(operation.errorCode == "not_found", "\(operation.text)")
            #expect(server.requests(to: "/soap11").count == before)
        }
    }
}
