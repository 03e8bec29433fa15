import Foundation

/// Where the `plugboard` executable under test is.
enum PlugboardBinary {
    /// `PLUGBOARD_BINARY` (set by scripts/test.sh), else `.build/debug/plugboard` in this package.
    ///
    /// A missing binary fails the test: an end-to-end test that silently skips proves nothing.
    static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["PLUGBOARD_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw EndToEndError("PLUGBOARD_BINARY=\(path) is not an executable file; build with `swift build`.")
            }
            return path
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/plugboard").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw EndToEndError(
                "No plugboard binary: set PLUGBOARD_BINARY or run `swift build` first (looked for \(fallback)).")
        }
        return fallback
    }

    /// The package root, three folders above this file.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// A failure of the end-to-end harness itself, with what to look at.
struct EndToEndError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
