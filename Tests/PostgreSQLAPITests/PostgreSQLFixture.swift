import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PlugboardCore
import PlugboardServer
import Testing

/// The PostgreSQL server scripts/test.sh starts, as its environment describes it.
///
/// A missing server is a failure, not a skip: the tests say how to start it.
struct PostgreSQLServer: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String
    var noCatalogUser: String
    var caPEM: String
    var restartCommand: String
    var maxConnections: Int

    static func fromEnvironment() throws -> PostgreSQLServer {
        let environment = ProcessInfo.processInfo.environment
        let hint = "PLUGBOARD_TEST_PG_* is not set: run the tests with scripts/test.sh, which starts PostgreSQL on loopback."
        let port = try #require(environment["PLUGBOARD_TEST_PG_PORT"].flatMap(Int.init), Comment(rawValue: hint))
        let caPath = try #require(environment["PLUGBOARD_TEST_PG_CA"], Comment(rawValue: hint))
        return PostgreSQLServer(
            host: environment["PLUGBOARD_TEST_PG_HOST"] ?? "127.0.0.1", port: port,
            user: try #require(environment["PLUGBOARD_TEST_PG_USER"], Comment(rawValue: hint)),
            password: try #require(environment["PLUGBOARD_TEST_PG_PASSWORD"], Comment(rawValue: hint)),
            database: try #require(environment["PLUGBOARD_TEST_PG_DATABASE"], Comment(rawValue: hint)),
            noCatalogUser: environment["PLUGBOARD_TEST_PG_NOCATALOG_USER"] ?? "plugboard_nocatalog",
            caPEM: try String(contentsOfFile: caPath, encoding: .utf8),
            restartCommand: try #require(environment["PLUGBOARD_TEST_PG_RESTART"], Comment(rawValue: hint)),
            maxConnections: environment["PLUGBOARD_TEST_PG_MAX_CONNECTIONS"].flatMap(Int.init) ?? 17)
    }

    /// Connector options for this server; `extra` replaces fields.
    func options(_ extra: JSONObject = [:]) -> JSONObject {
        var options: JSONObject = [
            "host": .string(host), "port": .integer(Int64(port)), "database": .string(database), "tlsMode": "require",
            "connectTimeout": 5, "statementTimeout": 10,
        ]
        for (key, value) in extra { options[key] = value }
        return options
    }

    /// Restarts the server with pg_ctl (fast shutdown ends every session).
    func restart() async throws {
        // system(3) on a thread of its own: Foundation's Process does not reliably reap children in this test process.
        let command = restartCommand
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: system(command + " </dev/null >/dev/null 2>&1")) }
        }
        #expect(status == 0 || status == -1, "the restart helper failed with status \(status)")
    }
}

/// A Plugboard instance on a fresh data folder with loopback allowed, an application `db`, a credential `pg`
/// for the test role and helpers to create connectors and run actions through the HTTP API.
struct PostgreSQLFixture {
    static let adminToken = "pb_test_admin_token_0123456789abcdef"
    let server: PostgreSQLServer
    let directory: String
    let instance: PlugboardInstance

    init() async throws {
        server = try PostgreSQLServer.fromEnvironment()
        directory = NSTemporaryDirectory() + "plugboard-pg-" + UUID().uuidString
        let environment = ["PLUGBOARD_ADMIN_TOKEN": Self.adminToken, "PLUGBOARD_EGRESS_ALLOW": "127.0.0.0/8,::1/128"]
        var logger = Logger(label: "plugboard-pg-test")
        logger.logLevel = .error
        (instance, _) = try await PlugboardInstance.open(dataDirectory: directory, environment: environment, logger: logger)
    }

    /// Runs `body` with an API client, after creating the application and the credentials; then drains and cleans up.
    func run(_ body: @escaping @Sendable (PostgreSQLAPI) async throws -> Void) async throws {
        let app = Application(router: instance.makeRouter())
        let server = self.server
        // Drained even when the body fails, so every server connection is closed before the instance goes away.
        do {
            try await app.test(.router) { client in
                let api = PostgreSQLAPI(client: client, server: server)
                try await api.expectOK(.post, "/api/v1/applications", ["name": "db"])
                try await api.makeCredential("pg", username: server.user, password: server.password)
                try await body(api)
            }
        } catch {
            await instance.runtime.drain()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        await instance.runtime.drain()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
