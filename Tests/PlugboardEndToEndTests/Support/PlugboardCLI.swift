import Foundation
import PlugboardCore

/// Runs the real `plugboard` binary against one server and records everything it prints.
struct PlugboardCLI: Sendable {
    let binary: String
    let server: String
    let token: String?
    let transcript: Transcript
    /// Where stdout, stderr and stdin files of each run go.
    let scratch: URL

    /// Runs `plugboard ARGUMENTS` with PLUGBOARD_SERVER and PLUGBOARD_TOKEN set; `stdin` is fed to it.
    func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) async throws -> CLIResult {
        let id = UUID().uuidString.prefix(8)
        let output = scratch.appendingPathComponent("cli-\(id).out")
        let errors = scratch.appendingPathComponent("cli-\(id).err")
        var input: URL?
        if let stdin {
            let url = scratch.appendingPathComponent("cli-\(id).in")
            try Data(stdin.utf8).write(to: url)
            input = url
        }
        var variables = ["PLUGBOARD_SERVER": server]
        if let token { variables["PLUGBOARD_TOKEN"] = token }
        let started = ContinuousClock.now
        let process = try ChildProcess.launch(
            binary, arguments, environment: ChildProcess.environment(variables.merging(environment) { $1 }),
            output: output, errors: errors, input: input)
        guard let status = await process.exitStatus(within: timeout) else {
            process.signal(SIGKILL)
            throw EndToEndError("plugboard \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        let result = CLIResult(
            arguments: arguments, status: status, duration: ContinuousClock.now - started,
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
        if ProcessInfo.processInfo.environment["PLUGBOARD_E2E_TRACE"] != nil { print("[e2e] \(result.description)") }
        let label = "plugboard " + arguments.prefix(2).joined(separator: " ")
        transcript.record("\(label) (stdout)", result.stdout)
        transcript.record("\(label) (stderr)", result.stderr)
        for file in [output, errors] + (input.map { [$0] } ?? []) { try? FileManager.default.removeItem(at: file) }
        return result
    }
}

/// What one CLI run did: its exit status and output.
struct CLIResult: Sendable, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var duration: Duration
    var stdout: String
    var stderr: String

    /// Standard output parsed as JSON.
    func json() throws -> JSONValue {
        try JSONParser.parse(stdout)
    }

    /// Standard error parsed as JSON (errors under `--json`).
    func errorJSON() throws -> JSONValue {
        try JSONParser.parse(stderr)
    }

    var description: String {
        "plugboard \(arguments.joined(separator: " ")) → exit \(status) in \(duration)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
    }
}
