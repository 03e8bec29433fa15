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
        let deadline = ContinuousClock.now + min(timeout ?? .seconds(30), Self.maximumTimeout)
        let driver = try registry.driver(for: connector.type)
        let started = ContinuousClock.now
        do {
            let (details, credential) = try await tracked {
                try await withPooledSession(connector, driver: driver, deadline: deadline) { session, call in
                    try await Self.withDeadline(deadline) {
                        try await driver.test(session, context: self.context(for: call, deadline: deadline))
                    }
                }
            }
            return TestReport(latency: .now - started, details: Redactor(secrets: credential.secrets).redact(details))
        } catch {
            throw Redactor(secrets: await secretValues(of: connector)).redact(Self.connectorError(from: error, logger: logger))
        }
    }

    /// Tests connection details that are not saved yet (the create form's "Test connection"), on a session of its own.
    public func test(draft: ConnectorCatalog.Draft, applicationID: String, timeout: Duration? = nil) async throws -> TestReport {
        let deadline = ContinuousClock.now + min(timeout ?? .seconds(30), Self.maximumTimeout)
        let driver = try registry.driver(for: draft.type)
        let configured = try driver.configure(draft.options)
        var call = CallCredential()
        if let record = try await catalog.resolveCredential(draft.credential, applicationID: applicationID, for: driver.descriptor) {
            call = CallCredential(value: try await vault.credentialForCall(record, logger: logger), record: record)
        }
        let secrets = call.secrets
        let started = ContinuousClock.now
        let context = context(for: call, deadline: deadline)
        do {
            let details = try await tracked {
                try await Self.withDeadline(deadline) {
                    let session = try await driver.openSession(configured, context: context)
                    do {
                        let details = try await driver.test(session, context: context)
                        await session.close()
                        return details
                    } catch {
                        await session.close()
                        throw error
                    }
                }
            }
            return TestReport(latency: .now - started, details: Redactor(secrets: secrets).redact(details))
        } catch {
            throw Redactor(secrets: secrets).redact(Self.connectorError(from: error, logger: logger))
        }
    }
}
