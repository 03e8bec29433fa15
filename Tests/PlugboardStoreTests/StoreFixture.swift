import Foundation
import PlugboardStore

/// A store in a fresh temporary folder, removed when the test ends.
struct StoreFixture {
    let directory: String
    let store: SQLiteStore

    init() throws {
        directory = NSTemporaryDirectory() + "plugboard-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory + "/plugboard.sqlite")
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
