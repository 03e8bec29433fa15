import Foundation
import Logging
import PlugboardStore

extension StoreLocation {
    /// A store opened with its master keys, for the commands that work on it directly (export, import).
    public struct Opened: Sendable {
        public let store: any Store
        public let box: SecretBox
    }

    /// Opens the store `environment` names (`PLUGBOARD_DATABASE_URL`, else the data folder's SQLite) and its master
    /// keys (`PLUGBOARD_MASTER_KEY`, else the data folder's key file), checked against the stored canary.
    public static func openWithKeys(dataDirectory: String, environment: [String: String], logger: Logger) async throws -> Opened {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try await from(environment: environment, dataDirectory: dataDirectory).open(logger: logger)
        do {
            let (box, _) = try await MasterKeySource.open(dataDirectory: dataDirectory, environment: environment, store: store)
            return Opened(store: store, box: box)
        } catch {
            await store.close()
            throw error
        }
    }
}
