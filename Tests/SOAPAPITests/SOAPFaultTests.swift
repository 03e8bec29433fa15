import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite("SOAP node: faults and WS-Security")
struct SOAPFaultTests {
    @Test("a SOAP 1.1 fault becomes an error carrying faultcode, faultstring and detail")
    func fault11() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server)
            let reply = try await api.run(app, "shop", "call", ["operation": "Divide", "input": ["dividend": 7, "divisor": 0]])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            let details = reply.error["details"] ?? .null
            #expect(details["faultcode"] == "soap:Client" && details["faultstring"] == "Division by zero")
            #expect(details["detail"]?["DivideFault"]?["dividend"] == "7.0")
            #expect(reply.error["message"]?.stringValue?.contains("Division by zero") == true)
            #expect(reply.error["retryable"] == false)
        }
    }

    @Test("a SOAP 1.2 fault becomes an error with the Code value and the Reason text")
    func fault12() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server, options: ["soapVersion": "1.2"])
            let reply = try await api.run(app, "shop", "Divide", ["dividend": 1, "divisor": 0])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            #expect(reply.error["details"]?["faultcode"] == "soap:Sender" && reply.error["details"]?["faultstring"] == "Division by zero")
            #expect(reply.error["details"]?["status"] == 400)
        }
    }

    @Test("WS-Security PasswordDigest is accepted; a wrong password is authentication_failed; no token is refused")
    func wsSecurity() async throws {
        try await withShop { api, server, _ in
            let (app, created) = try await api.makeShopConnector(server, name: "digest", options: ["passwordType": "digest"])
            #expect(created.status == .created, "\(created.text)")
            let ok = try await api.run(app, "digest", "Add", ["a": 1, "b": 1])
            #expect(ok.output == ["sum": 2], "\(ok.text)")
            let sent = try #require(server.requests(to: "/soap11").last?.bodyText)
            #expect(sent.contains("#PasswordDigest") && !sent.contains(ShopService.password) && sent.contains("wsu:Created"))

            let (wrongApp, _) = try await api.makeShopConnector(server, name: "wrong", password: "not-the-password")
            let refused = try await api.run(wrongApp, "wrong", "Add", ["a": 1, "b": 1])
            #expect(refused.errorCode == "authentication_failed", "\(refused.text)")
            #expect(refused.error["details"]?["faultcode"] == "wsse:FailedAuthentication")
            #expect(!refused.text.contains("not-the-password"))

            let (wrongDigestApp, _) = try await api.makeShopConnector(
                server, name: "wrongdigest", options: ["passwordType": "digest"], password: "not-the-password")
            let refusedDigest = try await api.run(wrongDigestApp, "wrongdigest", "Add", ["a": 1, "b": 1])
            #expect(refusedDigest.errorCode == "authentication_failed", "\(refusedDigest.text)")

            let (bareApp, _) = try await api.makeShopConnector(server, name: "bare", password: nil)
            let bare = try await api.run(bareApp, "bare", "Add", ["a": 1, "b": 1])
            #expect(bare.error["details"]?["faultcode"] == "wsse:InvalidSecurity", "\(bare.text)")
        }
    }

    @Test("a response with an external entity (XXE) is refused, naming the reason")
    func refusesXXE() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server, options: ["endpoint": .string("\(server.baseURL)/evil/xxe")])
            let reply = try await api.run(app, "shop", "Add", ["a": 1, "b": 2])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            #expect(reply.error["details"]?["reason"] == "entity_declaration")
            #expect(reply.error["message"]?.stringValue?.contains("declaring entities") == true)
            #expect(!reply.text.contains("root:"))
        }
    }

    @Test("a billion-laughs response is refused without expanding anything")
    func refusesBillionLaughs() async throws {
        try await withShop { api, server, _ in
            let (app, _) = try await api.makeShopConnector(server, options: ["endpoint": .string("\(server.baseURL)/evil/laughs")])
            let reply = try await api.run(app, "shop", "call", ["operation": "Add", "input": ["a": 1, "b": 2]])
            #expect(reply.errorCode == "upstream_error", "\(reply.text)")
            #expect(reply.error["details"]?["reason"] == "entity_declaration")
            #expect(!reply.text.contains("lollol"))
        }
    }
}
