import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The application the MCP tests use: a REST connector to a local upstream (with a bearer-token credential) whose
/// `request` is bound, a second REST connector left unbound, and a PostgreSQL connector with two bound actions
/// (one read-only, one destructive) for the annotations. Its secrets must never appear in MCP output.
enum AgentScenario {
    static let application = "agents"
    static let upstreamSecret = "mcp-upstream-secret-7f3a9c"
    static let databasePassword = "mcp-database-password-41d2"

    /// Creates everything through the API.
    static func make(_ api: APIClient, upstream: UpstreamServer) async throws {
        try await api.makeApplication(application)
        try await api.makeCredential(application, name: "upstream-token", kind: "bearer_token", fields: ["token": .string(upstreamSecret)])
        try await api.makeRESTConnector(application, name: "upstream", baseURL: upstream.baseURL, credential: "upstream-token")
        try await api.makeRESTConnector(application, name: "unbound", baseURL: upstream.baseURL)
        try await api.makeCredential(
            application, name: "db-login", kind: "username_password", fields: ["username": "agent", "password": .string(databasePassword)])
        let database = try await api.makeConnector(
            application, type: "postgresql", name: "warehouse", options: ["host": "127.0.0.1", "database": "sales"], credential: "db-login",
            description: "The sales warehouse")
        #expect(database.status == .created, "\(database.text)")
        try await bind(api, "upstream", ["request"])
        try await bind(api, "warehouse", ["describe", "delete"])
    }

    /// Binds actions of a connector and expects success.
    static func bind(_ api: APIClient, _ connector: String, _ actions: [String]) async throws {
        let reply = try await api.call(
            .post, "/api/v1/applications/\(application)/tool-bindings",
            ["connectorId": .string(connector), "actions": .array(actions.map(JSONValue.string))])
        #expect(reply.status == .created, "\(reply.text)")
    }

    /// Fails the test when a secret of the scenario appears in `text`.
    static func expectNoSecret(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(upstreamSecret), "the upstream token reached the agent", sourceLocation: sourceLocation)
        #expect(!text.contains(databasePassword), "the database password reached the agent", sourceLocation: sourceLocation)
    }
}
