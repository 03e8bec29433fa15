import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts a program with its output going to files, and waits for it without blocking a thread.
enum ChildProcess {
    /// Launches `executable`; stdout and stderr go to `output` (one file for both when `errors` is nil).
    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String], output: URL, errors: URL? = nil,
        input: URL? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: output)
        process.standardOutput = outputHandle
        if let errors {
            FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
        } else {
            process.standardError = outputHandle
        }
        process.standardInput = try input.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits up to `timeout` for the process to exit; returns its exit status, or nil if it is still running.
    static func waitForExit(_ process: Process, timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Sends `signal` to the process.
    static func signal(_ process: Process, _ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// The environment of this test process without any `PLUGBOARD_*` variable, plus `overrides`.
    static func environment(_ overrides: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PLUGBOARD_") }
        environment.merge(overrides) { $1 }
        return environment
    }
}
