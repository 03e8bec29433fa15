import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts helper programs (Plugboard, chromedriver) with their output in a log file, and stops them.
enum ProcessLauncher {
    /// Launches `executable` with `arguments`; stdout and stderr go to `log`.
    static func launch(_ executable: String, _ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    static func stop(_ process: Process, grace: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Finds an executable: `override` when set, else the first of `names` on PATH or in the usual folders.
    static func locate(_ names: [String], override: String?) -> String? {
        if let override, !override.isEmpty { return FileManager.default.isExecutableFile(atPath: override) ? override : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/lib/chromium", "/usr/local/bin"]
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    /// The environment of this test process without any `PLUGBOARD_*` variable, plus `overrides`.
    static func environment(_ overrides: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PLUGBOARD_") }
        environment.merge(overrides) { $1 }
        return environment
    }

    /// Polls `condition` until it holds or `timeout` passes.
    static func waitUntil(timeout: Duration, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
