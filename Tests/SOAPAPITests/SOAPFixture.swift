import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport

/// Runs `body` with the shop service on loopback and a Plugboard API fixture.
func withShop(
    fixture: APIFixture? = nil, _ body: @escaping @Sendable (APIClient, UpstreamServer, ShopService) async throws -> Void
) async throws {
    let shop = ShopService()
    try await withUpstreamServer(routes: { router, recorder in shop.routes(router, recorder) }) { server in
        let plugboard: APIFixture
        if let fixture { plugboard = fixture } else { plugboard = try await APIFixture() }
        try await plugboard.run { api in try await body(api, server, shop) }
    }
}

extension APIClient {
    /// Makes an application, alice's credential, and a `soap` connector on the shop's WSDL; returns the application.
    func makeShopConnector(
        _ server: UpstreamServer, name: String = "shop", options extra: JSONObject = [:], password: String? = ShopService.password
    ) async throws -> (app: String, reply: Reply) {
        let app = try await makeApplication("soap-\(name)")
        var credential: String?
        if let password {
            credential = try await makeCredential(
                app, name: "shop-user", kind: "username_password",
                fields: ["username": .string(ShopService.username), "password": .string(password)])
        }
        var options: JSONObject = ["wsdlUrl": .string("\(server.baseURL)/wsdl/service.wsdl"), "timeout": 10]
        for (key, value) in extra { options[key] = value }
        let reply = try await makeConnector(app, type: "soap", name: name, options: options, credential: credential)
        return (app, reply)
    }
}
