import Foundation
import PlugboardCore

/// Runs `Python/mcp_client.py` (the `mcp` package from PyPI, an MCP client independent of Plugboard's code) and
/// reads the JSON lines it prints.
struct MCPClientProcess {
    /// How the client reaches Plugboard.
    enum Target {
        case http(url: String, token: String)
        case stdio(binary: String, data: String, application: String, token: String?)

        var arguments: [String] {
            switch self {
            case .http(let url, let token): return ["--transport", "http", "--url", url, "--token", token]
            case .stdio(let binary, let data, let application, let token):
                return ["--transport", "stdio", "--binary", binary, "--data", data, "--application", application] + (token.map { ["--token", $0] } ?? [])
            }
        }
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Python/mcp_client.py").path
    }

    let process: Subprocess
    let output: URL
    let errors: URL

    /// Starts the client with `operation` and its parameters.
    static func start(_ target: Target, _ operation: String, _ parameters: [String] = []) throws -> MCPClientProcess {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("mcp-client-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: output)
        let errorsHandle = try FileHandle(forWritingTo: errors)
        defer { [outputHandle, errorsHandle].forEach { try? $0.close() } }
        let process = try Subprocess.run(
            "/usr/bin/env", ["python3", script] + target.arguments + [operation] + parameters,
            output: .file(outputHandle), error: .file(errorsHandle))
        return MCPClientProcess(process: process, output: output, errors: errors)
    }

    /// Runs one operation to the end and returns its JSON answer.
    static func run(_ target: Target, _ operation: String, _ parameters: [String] = []) async throws -> JSONValue {
        let client = try start(target, operation, parameters)
        return try await client.finish()
    }

    /// Every JSON line printed so far.
    var lines: [JSONValue] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONParser.parse(Array($0.utf8)) }
    }

    /// Everything the client printed, both streams, for secret checks and failure messages.
    var transcript: String {
        ((try? String(contentsOf: output, encoding: .utf8)) ?? "") + ((try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    /// Waits until a printed line satisfies `condition`.
    func waitForLine(timeout: Duration = .seconds(60), _ condition: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: condition) { return line }
            if !process.isRunning, lines.first(where: condition) == nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MCPTestError("The MCP client printed no expected line; it printed:\n\(transcript)")
    }

    /// Waits for the client to exit successfully and returns its last JSON line.
    func finish(timeout: Duration = .seconds(90)) async throws -> JSONValue {
        guard let status = await process.exitStatus(within: timeout) else {
            process.terminate()
            throw MCPTestError("The MCP client did not finish within \(timeout):\n\(transcript)")
        }
        guard status == 0, let last = lines.last else {
            throw MCPTestError("The MCP client failed with status \(status):\n\(transcript)")
        }
        return last
    }
}

/// A failure of the MCP test harness, with what to look at.
struct MCPTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
