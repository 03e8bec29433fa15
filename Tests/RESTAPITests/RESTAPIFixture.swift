import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport

/// Set-up shared by the REST API tests: a Plugboard instance, an application and a started upstream server.
enum RESTAPIFixture {
    static let app = "rest-api"

    /// Runs `body` against a fresh instance (loopback allowed unless `allowLoopback` is false) with the application
    /// made and an upstream listening on `upstreamHost`.
    static func run(
        allowLoopback: Bool = true, environment: [String: String] = [:], upstreamHost: String = "127.0.0.1",
        _ body: @escaping @Sendable (APIClient, UpstreamServer) async throws -> Void
    ) async throws {
        let server = UpstreamServer(host: upstreamHost)
        try await server.start()
        do {
            let fixture = try await APIFixture(allowLoopback: allowLoopback, environment: environment)
            try await fixture.run { api in
                try await api.makeApplication(app)
                try await body(api, server)
            }
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Makes a `rest` connector named `name` at `baseURL`.
    static func connector(
        _ api: APIClient, _ name: String, baseURL: String, options: JSONObject = [:], credential: String? = nil
    ) async throws {
        try await api.makeRESTConnector(app, name: name, baseURL: baseURL, options: options, credential: credential)
    }

    /// Runs the `request` action of `connector`.
    static func request(_ api: APIClient, _ connector: String, _ input: JSONValue) async throws -> APIClient.Reply {
        try await api.run(app, connector, "request", input)
    }
}
