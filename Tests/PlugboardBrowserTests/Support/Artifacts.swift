import Foundation

/// Where browser tests leave files for people to look at: `test-artifacts/` at the package root (gitignored).
enum Artifacts {
    /// The package root, three folders above this file.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `test-artifacts/screenshots`, created on first use.
    static var screenshots: URL {
        let folder = packageRoot.appendingPathComponent("test-artifacts/screenshots")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A fresh scratch folder for one test's server data and logs.
    static func scratch(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugboard-browser-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
