import Foundation
import PlugboardCore
import PlugboardStore

extension Runtime {
    /// The result of a connection test: how long the round trip took and what the service said.
    public struct TestReport: Sendable {
        /// Time from sending the test to its answer, session opening included when one was needed.
        public var latency: Duration
        /// What the driver's test reported, secrets redacted.
        public var details: JSONValue
    }

    /// Tests a saved connector with a real round trip through its pool.
    public func test(_ connector: ConnectorRecord, timeout: Duration? = nil) async throws -> TestReport {
        let driver = try registry.driver(for: connector.type)
        return try await test(.connector(connector), driver: driver, timeout: timeout)
    }

    /// Tests connection details that are not saved yet (the create form's "Test connection"), on a session of its own.
    public func test(draft: ConnectorCatalog.Draft, applicationID: String, timeout: Duration? = nil) async throws -> TestReport {
        let driver = try registry.driver(for: draft.type)
        let configured = try driver.configure(draft.options)
        let credential = try await catalog.resolveCredential(draft.credential, applicationID: applicationID, for: driver.descriptor)
        return try await test(.draft(configured, credential: credential), driver: driver, timeout: timeout)
    }

    private func test(_ target: CallTarget, driver: AnyConnectorDriver, timeout: Duration?) async throws -> TestReport {
        let started = ContinuousClock.now
        let details = try await call(target, driver: driver, deadline: started + Self.clamped(timeout, default: .seconds(30))) { session, context in
            try await session.test(context: context)
        }
        return TestReport(latency: .now - started, details: details)
    }

    /// A caller's timeout, or `default` when it names none, cut to `maximumTimeout`.
    static func clamped(_ timeout: Duration?, default: Duration) -> Duration {
        min(timeout ?? `default`, maximumTimeout)
    }
}
