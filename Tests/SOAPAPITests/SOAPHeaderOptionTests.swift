import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite("SOAP node: default HTTP headers")
struct SOAPHeaderOptionTests {
    @Test("default headers go with every call; the operation's SOAPAction and the User-Agent a connector sets win as they should")
    func defaultHeadersAreSent() async throws {
        try await withShop { api, server, _ in
            let headers: JSONObject = ["X-Tenant": "acme", "SOAPAction": "\"urn:wrong\"", "User-Agent": "ShopClient/2"]
            let (app, created) = try await api.makeShopConnector(server, options: ["headers": .object(headers)])
            #expect(created.status == .created, "\(created.text)")
            let add = try await api.run(app, "shop", "call", ["operation": "Add", "input": ["a": 1, "b": 2]])
            #expect(add.status == .ok, "\(add.text)")
            let request = try #require(server.requests(to: "/soap11").last)
            #expect(request.header("X-Tenant") == "acme")
            #expect(request.header("SOAPAction") == "\"urn:plugboard:shop:Add\"")
            #expect(request.header("User-Agent") == "ShopClient/2")
        }
    }

    @Test("a default header that carries a secret is refused when the connector is saved")
    func secretHeadersAreRefused() async throws {
        try await withShop { api, server, _ in
            let (_, created) = try await api.makeShopConnector(server, options: ["headers": ["Authorization": "Basic c2VjcmV0"]])
            #expect(created.status == .badRequest, "\(created.text)")
            #expect(created.text.contains("headers.Authorization"))
            #expect(!created.text.contains("c2VjcmV0"))
        }
    }
}
