import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PlugboardCore
import PlugboardServer
import PlugboardTestSupport

/// A Plugboard instance on a fresh data folder, driven through Hummingbird's test client.
public struct APIFixture: Sendable {
    /// The admin token every fixture is bootstrapped with.
    public static let adminToken = "pb_test_admin_token_0123456789abcdef"
    /// The instance's data folder, removed when `run` ends.
    public let directory: String
    /// The instance under test.
    public let instance: PlugboardInstance
    /// Every line the instance logged.
    public let logs: LogCapture

    /// Loopback is allowed unless `allowLoopback` is false (the product default).
    public init(allowLoopback: Bool = true, environment extra: [String: String] = [:]) async throws {
        directory = NSTemporaryDirectory() + "plugboard-api-" + UUID().uuidString
        var environment = ["PLUGBOARD_ADMIN_TOKEN": Self.adminToken]
        if allowLoopback { environment["PLUGBOARD_EGRESS_ALLOW"] = "127.0.0.0/8,::1/128" }
        if StoreTestDatabase.apiFixturesUsePostgres { environment["PLUGBOARD_DATABASE_URL"] = try StoreTestDatabase.freshSchemaURL() }
        environment.merge(extra) { _, new in new }
        logs = LogCapture()
        let capture = logs
        var logger = Logger(label: "plugboard-test") { label in capture.handler(label: label) }
        logger.logLevel = .debug
        (instance, _) = try await PlugboardInstance.open(dataDirectory: directory, environment: environment, logger: logger)
    }

    /// Runs `body` with a client of this instance's router, then removes the data folder. With `runners`, the
    /// workflow and trigger runners run beside it, as they do in `plugboard serve`.
    public func run(runners: Bool = false, _ body: @escaping @Sendable (APIClient) async throws -> Void) async throws {
        let app = Application(router: instance.makeRouter())
        do {
            if runners {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await instance.workflowRunner.run() }
                    group.addTask { try await instance.triggerRunner.run() }
                    defer { group.cancelAll() }
                    try await app.test(.router) { client in
                        try await body(APIClient(client: client))
                    }
                }
            } else {
                try await app.test(.router) { client in
                    try await body(APIClient(client: client))
                }
            }
        } catch {
            await instance.runtime.drain()
            await instance.close()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        await instance.runtime.drain()
        await instance.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
