import Foundation

/// A fresh folder under the system temporary directory, for data folders, logs and CLI output.
enum TemporaryDirectory {
    static func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("plugboard-e2e-\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
