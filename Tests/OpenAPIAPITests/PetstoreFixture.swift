import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport

/// Runs `body` with a started Petstore server and a Plugboard instance whose application `pets` exists.
func withPetstore(_ body: @escaping @Sendable (UpstreamServer, PetStore, APIClient) async throws -> Void) async throws {
    let store = PetStore()
    try await withUpstreamServer(routes: { router, _ in store.routes(router) }) { server in
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("pets")
            try await body(server, store, api)
        }
    }
}

/// `host:port` of the server, as documents name it.
func host(of server: UpstreamServer) -> String { "127.0.0.1:\(server.port)" }

/// The actions path of a connector.
func actionsPath(_ connector: String) -> String { "/api/v1/applications/pets/connectors/\(connector)/actions" }

/// Requests the server received under `/v1` and `/v2`, the API's own paths.
func apiRequests(_ server: UpstreamServer) -> [RecordedRequest] {
    server.requests.filter { $0.path.hasPrefix("/v1/") || $0.path.hasPrefix("/v2/") }
}
