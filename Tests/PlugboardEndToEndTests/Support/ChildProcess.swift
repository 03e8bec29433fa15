import Foundation
import PlugboardCore

/// Starts a program with its output going to files.
enum ChildProcess {
    /// Launches `executable`; stdout and stderr go to `output` (one file for both when `errors` is nil).
    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String], output: URL, errors: URL? = nil,
        input: URL? = nil
    ) throws -> Subprocess {
        try Data().write(to: output)
        let outputHandle = try FileHandle(forWritingTo: output)
        var handles = [outputHandle]
        defer { handles.forEach { try? $0.close() } }
        var errorsHandle = outputHandle
        if let errors {
            try Data().write(to: errors)
            errorsHandle = try FileHandle(forWritingTo: errors)
            handles.append(errorsHandle)
        }
        var inputStream = Subprocess.Stream.null
        if let input {
            let inputHandle = try FileHandle(forReadingFrom: input)
            handles.append(inputHandle)
            inputStream = .file(inputHandle)
        }
        return try Subprocess.run(
            executable, arguments, environment: environment, input: inputStream, output: .file(outputHandle), error: .file(errorsHandle))
    }

    /// The environment of this test process without any `PLUGBOARD_*` variable, plus `overrides`.
    static func environment(_ overrides: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PLUGBOARD_") }
        environment.merge(overrides) { $1 }
        return environment
    }
}
