import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PlugboardCore
import PlugboardTestSupport
@testable import PlugboardServer
import Synchronization
import Testing

/// A Plugboard instance on a fresh data folder, driven through Hummingbird's test client.
struct APIFixture {
    static let adminToken = "pb_test_admin_token_0123456789abcdef"
    let directory: String
    let instance: PlugboardInstance
    let logs: LogCapture

    /// Loopback is allowed unless `allowLoopback` is false (the product default).
    init(allowLoopback: Bool = true, environment extra: [String: String] = [:]) async throws {
        directory = NSTemporaryDirectory() + "plugboard-api-" + UUID().uuidString
        var environment = ["PLUGBOARD_ADMIN_TOKEN": Self.adminToken]
        if allowLoopback { environment["PLUGBOARD_EGRESS_ALLOW"] = "127.0.0.0/8,::1/128" }
        environment.merge(extra) { _, new in new }
        logs = LogCapture()
        let capture = logs
        var logger = Logger(label: "plugboard-test") { label in capture.handler(label: label) }
        logger.logLevel = .debug
        (instance, _) = try await PlugboardInstance.open(dataDirectory: directory, environment: environment, logger: logger)
    }

    /// Runs `body` with a client of this instance's router, then removes the data folder.
    func run(_ body: @escaping @Sendable (APIClient) async throws -> Void) async throws {
        let app = Application(router: instance.makeRouter())
        try await app.test(.router) { client in
            try await body(APIClient(client: client))
        }
        await instance.runtime.drain()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Test requests with JSON in and out.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
        var errorCode: String? { json["error"]?["code"]?.stringValue }
    }

    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, token: String? = APIFixture.adminToken,
        rawBody: String? = nil
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body { buffer = ByteBuffer(bytes: body.jsonBytes()) }
        if let rawBody { buffer = ByteBuffer(string: rawBody) }
        if buffer != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: buffer)
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Makes an application and returns its name.
    func makeApplication(_ name: String) async throws -> String {
        let reply = try await call(.post, "/api/v1/applications", ["name": .string(name)])
        #expect(reply.status == .created, "\(reply.text)")
        return name
    }

    /// Makes a REST connector at `baseURL` and returns its JSON.
    @discardableResult
    func makeRESTConnector(
        _ app: String, name: String, baseURL: String, options: JSONObject = [:], credential: String? = nil
    ) async throws -> JSONValue {
        var allOptions: JSONObject = ["baseUrl": .string(baseURL)]
        for (key, value) in options { allOptions[key] = value }
        var body: JSONObject = ["type": "plugboard.nodes.rest", "name": .string(name), "description": "test upstream", "options": .object(allOptions)]
        if let credential { body["credentialId"] = .string(credential) }
        let reply = try await call(.post, "/api/v1/applications/\(app)/connectors", .object(body))
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json
    }
}
