import Hummingbird
import HummingbirdTesting
import NIOCore
import PlugboardAPITestSupport
import PlugboardCore
import Testing

/// The shared API client with helpers for one application named `db` on the test server.
struct PostgreSQLAPI: Sendable {
    typealias Reply = APIClient.Reply
    let client: APIClient
    let server: PostgreSQLServer

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil) async throws -> Reply {
        try await client.call(method, path, body)
    }

    @discardableResult
    func expectOK(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        try await client.expectOK(method, path, body, sourceLocation: sourceLocation)
    }

    func makeCredential(_ name: String, username: String, password: String) async throws {
        try await expectOK(
            .post, "/api/v1/applications/db/credentials",
            ["name": .string(name), "kind": "username_password", "fields": ["username": .string(username), "password": .string(password)]])
    }

    /// Creates a PostgreSQL connector on the test server; `options` replace the defaults.
    func makeConnector(_ name: String, options: JSONObject = [:], credential: String = "pg") async throws {
        try await expectOK(
            .post, "/api/v1/applications/db/connectors",
            ["type": "plugboard.nodes.postgresql", "name": .string(name), "description": "test database",
             "options": .object(server.options(options)), "credentialId": .string(credential)])
    }

    /// Runs an action of a connector.
    @discardableResult
    func run(_ connector: String, _ action: String, _ input: JSONValue) async throws -> Reply {
        try await call(.post, "/api/v1/applications/db/connectors/\(connector)/actions/\(action)", input)
    }

    /// Runs `query` and expects success.
    @discardableResult
    func query(_ connector: String, _ sql: String, _ variables: JSONObject = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        let reply = try await run(connector, "query", ["sql": .string(sql), "variables": .object(variables)])
        #expect(reply.status == .ok, "\(sql): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Runs `query` and returns its one value (first row, first column).
    func scalar(_ connector: String, _ sql: String, _ variables: JSONObject = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue? {
        let reply = try await query(connector, sql, variables, sourceLocation: sourceLocation)
        return reply.rows.first?.objectValue.flatMap { object in object.keys.first.flatMap { object[$0] } }
    }
}

extension APIClient.Reply {
    /// The rows of a `query` output.
    var rows: [JSONValue] { output["rows"]?.arrayValue ?? [] }
}
