import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PlugboardCore
import PlugboardAPITestSupport
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

/// The shared API fixture (a fresh instance with loopback allowed) with an application `db` and a credential `pg`
/// for the test role, and helpers to create connectors and run actions through the HTTP API.
struct PostgreSQLFixture {
    let server: PostgreSQLServer
    let api: APIFixture

    init() async throws {
        server = try PostgreSQLServer.fromEnvironment()
        api = try await APIFixture()
    }

    /// The instance under test.
    var instance: PlugboardInstance { api.instance }

    /// Runs `body` with an API client, after creating the application and the credentials; the shared fixture drains
    /// the runtime (closing every server connection) and cleans up, also when the body fails.
    func run(runners: Bool = false, _ body: @escaping @Sendable (PostgreSQLAPI) async throws -> Void) async throws {
        let server = self.server
        try await api.run(runners: runners) { client in
            let api = PostgreSQLAPI(client: client, server: server)
            try await api.expectOK(.post, "/api/v1/applications", ["name": "db"])
            try await api.makeCredential("pg", username: server.user, password: server.password)
            try await body(api)
        }
    }
}
