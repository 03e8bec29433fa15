import Foundation
import Logging
import PlugboardAPITestSupport
import PlugboardServer
import PlugboardStore
import Testing

/// The stores every store test runs against: SQLite in a fresh folder, and PostgreSQL in a fresh schema of the
/// database `scripts/test.sh` starts (`PLUGBOARD_TEST_STORE_URL`; a missing variable fails the test, never skips it).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A store on fresh storage, removed (SQLite) or left in its own schema (PostgreSQL) when the test ends.
struct StoreFixture {
    let directory: String
    let store: any Store

    init(_ kind: StoreKind = .sqlite) async throws {
        directory = NSTemporaryDirectory() + "plugboard-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            store = try SQLiteStore(path: directory + "/plugboard.sqlite")
        case .postgres:
            let environment = [StoreLocation.environmentVariable: try StoreTestDatabase.freshSchemaURL()]
            store = try await StoreLocation.from(environment: environment, dataDirectory: directory).open(logger: Logger(label: "store-test"))
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
