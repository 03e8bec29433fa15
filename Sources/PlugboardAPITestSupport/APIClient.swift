import Hummingbird
import HummingbirdTesting
import NIOCore
import PlugboardCore
import Testing

/// Test requests to Plugboard's HTTP API with JSON in and out.
public struct APIClient: Sendable {
    /// Hummingbird's test client for the instance's router.
    public let client: any TestClientProtocol

    public init(client: any TestClientProtocol) {
        self.client = client
    }

    /// One answer of the API.
    public struct Reply: Sendable {
        public var status: HTTPResponse.Status
        public var headers: HTTPFields
        public var text: String
        /// The body parsed as JSON, null when it is not JSON.
        public var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
        /// An execution's output.
        public var output: JSONValue { json["output"] ?? .null }
        /// The error code of a failure.
        public var errorCode: String? { json["error"]?["code"]?.stringValue }
        /// The error object of a failure.
        public var error: JSONValue { json["error"] ?? .null }
    }

    /// Sends one request; `token` nil sends none.
    @discardableResult
    public func call(
        _ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, token: String? = APIFixture.adminToken,
        rawBody: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body { buffer = ByteBuffer(bytes: body.jsonBytes()) }
        if let rawBody { buffer = ByteBuffer(string: rawBody) }
        if buffer != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: buffer)
        let reply = Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        if method == .post, reply.status == .ok, reply.headers[.contentType] == "application/json", let run = ActionPath(path) {
            try await expectOutputMatchesSchema(reply.output, of: run, token: token)
        }
        return reply
    }

    /// Every action a test runs through this client has its output checked against the output schema the API
    /// publishes for it, so a node cannot return what it does not describe.
    private func expectOutputMatchesSchema(_ output: JSONValue, of run: ActionPath, token: String?) async throws {
        let listed = try await call(.get, run.actionsPath, token: token ?? APIFixture.adminToken)
        let action = listed.json["items"]?.arrayValue?.first { $0["name"]?.stringValue == run.action }
        guard let schema = action?["outputSchema"] else {
            Issue.record("The action \(run.action) is not listed at \(run.actionsPath): \(listed.text)")
            return
        }
        do {
            try SchemaValidator.validate(output, against: schema)
        } catch {
            Issue.record("The output of \(run.action) does not match its output schema: \(error.message)\n\(output.jsonString())")
        }
    }

    /// Sends one request and records an issue unless the status is below 300.
    @discardableResult
    public func expectOK(
        _ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        let reply = try await call(method, path, body)
        #expect(reply.status.code < 300, "\(method) \(path): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Makes an application and returns its name.
    @discardableResult
    public func makeApplication(_ name: String) async throws -> String {
        let reply = try await call(.post, "/api/v1/applications", ["name": .string(name)])
        #expect(reply.status == .created, "\(reply.text)")
        return name
    }

    /// Makes a credential of `kind` with `fields` and returns its id.
    @discardableResult
    public func makeCredential(_ app: String, name: String, kind: String, fields: JSONObject) async throws -> String {
        let reply = try await call(
            .post, "/api/v1/applications/\(app)/credentials", ["name": .string(name), "kind": .string(kind), "fields": .object(fields)])
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json["id"]?.stringValue ?? ""
    }

    /// Makes a connector of `type` (`rest`, `graphql`, … or the full id) and returns the API's answer.
    @discardableResult
    public func makeConnector(
        _ app: String, type: String, name: String, options: JSONObject, credential: String? = nil, description: String = "test connector"
    ) async throws -> Reply {
        let typeID = type.hasPrefix("plugboard.nodes.") ? type : "plugboard.nodes.\(type)"
        var body: JSONObject = ["type": .string(typeID), "name": .string(name), "description": .string(description), "options": .object(options)]
        if let credential { body["credentialId"] = .string(credential) }
        return try await call(.post, "/api/v1/applications/\(app)/connectors", .object(body))
    }

    /// Runs an action and returns the API's answer (`output` on success, `error` on failure).
    @discardableResult
    public func run(_ app: String, _ connector: String, _ action: String, _ input: JSONValue = [:]) async throws -> Reply {
        try await call(.post, "/api/v1/applications/\(app)/connectors/\(connector)/actions/\(action)", input)
    }

    /// Makes a REST connector at `baseURL` and returns its JSON.
    @discardableResult
    public func makeRESTConnector(
        _ app: String, name: String, baseURL: String, options: JSONObject = [:], credential: String? = nil
    ) async throws -> JSONValue {
        var allOptions: JSONObject = ["baseUrl": .string(baseURL)]
        for (key, value) in options { allOptions[key] = value }
        let reply = try await makeConnector(app, type: "rest", name: name, options: allOptions, credential: credential, description: "test upstream")
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json
    }
}
