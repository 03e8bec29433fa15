import Foundation
import PlugboardCore

#if canImport(Glibc)
import Glibc
#endif

/// Starts helper programs (Plugboard, chromedriver) with their output in a log file, and stops them.
enum ProcessLauncher {
    /// Launches `executable` with `arguments`; stdout and stderr go to `log`.
    static func launch(_ executable: String, _ arguments: [String], environment: [String: String], log: URL) throws -> Subprocess {
        try Data().write(to: log)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        return try Subprocess.run(executable, arguments, environment: environment, output: .file(handle), error: .file(handle))
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    static func stop(_ process: Subprocess, grace: Duration = .seconds(10)) async {
        process.terminate()
        guard await process.exitStatus(within: grace) == nil else { return }
        process.signal(SIGKILL)
        _ = await process.exitStatus(within: .seconds(10))
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
