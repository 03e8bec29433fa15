import Hummingbird
import HummingbirdTesting
import NIOCore
import PlugboardCore
import Testing

/// Calls Plugboard's HTTP API with JSON in and out, for one application named `db`.
struct PostgreSQLAPI: Sendable {
    let client: any TestClientProtocol
    let server: PostgreSQLServer

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
        var output: JSONValue { json["output"] ?? .null }
        var errorCode: String? { json["error"]?["code"]?.stringValue }
        var rows: [JSONValue] { output["rows"]?.arrayValue ?? [] }
    }

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil) async throws -> Reply {
        var headers: HTTPFields = [.authorization: "Bearer \(PostgreSQLFixture.adminToken)"]
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: body.jsonBytes())
            headers[.contentType] = "application/json"
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: buffer)
        return Reply(status: response.status, text: String(buffer: response.body))
    }

    @discardableResult
    func expectOK(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        let reply = try await call(method, path, body)
        #expect(reply.status.code < 300, "\(method) \(path): \(reply.text)", sourceLocation: sourceLocation)
        return reply
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
