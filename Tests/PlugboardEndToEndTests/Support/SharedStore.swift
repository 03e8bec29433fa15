import Foundation
import Testing

/// The environment of replicas sharing one store: a fresh schema in the PostgreSQL `scripts/test.sh` starts for the
/// store (`PLUGBOARD_TEST_STORE_URL`; a missing variable fails the test) and one master key for all of them.
enum SharedStore {
    static func environment(leaseSeconds: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let storeURL = try #require(
            ProcessInfo.processInfo.environment["PLUGBOARD_TEST_STORE_URL"],
            "PLUGBOARD_TEST_STORE_URL is not set: run the tests with scripts/test.sh, which starts PostgreSQL for the store.",
            sourceLocation: sourceLocation)
        var environment = [
            "PLUGBOARD_DATABASE_URL": storeURL + "&connect_timeout=120&schema=e2e_" + UUID().uuidString.prefix(8).lowercased(),
            "PLUGBOARD_MASTER_KEY": Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
        ]
        if let leaseSeconds { environment["PLUGBOARD_LEASE_SECONDS"] = String(leaseSeconds) }
        return environment
    }
}
