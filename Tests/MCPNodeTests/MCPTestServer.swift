import Foundation
import PlugboardCore
import PlugboardTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real MCP server (Tests/MCPNodeTests/Python/mcp_test_server.py, written with the Python `mcp` package) running
/// on a free loopback port for the length of one test.
struct MCPTestServer: Sendable {
    /// `streamable-http` or `sse`.
    let transport: String
    let port: Int
    /// The URL the connector is given: `/mcp` for Streamable HTTP, `/sse` for SSE.
    var url: String { "http://127.0.0.1:\(port)\(transport == "sse" ? "/sse" : "/mcp")" }
    /// The server's root, for its test hooks.
    var root: String { "http://127.0.0.1:\(port)" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/mcp_test_server.py").path

    /// Starts the server, waits until its port accepts connections, runs `body`, and always stops the server.
    static func with<T: Sendable>(
        transport: String, token: String? = nil, _ body: @Sendable (MCPTestServer) async throws -> T
    ) async throws -> T {
        let port = ChildProcessPort.find()
        var arguments = ["python3", script, "--transport", transport, "--port", String(port)]
        if let token { arguments += ["--token", token] }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-test-server-\(UUID().uuidString).log")
        try Data().write(to: errors)
        let errorsHandle = try FileHandle(forWritingTo: errors)
        let process = try Subprocess.run("/usr/bin/env", arguments, output: .null, error: .file(errorsHandle))
        try? errorsHandle.close()
        defer {
            // SIGKILL: uvicorn waits for open connections on SIGTERM.
            process.signal(SIGKILL)
            _ = process.waitUntilExit()
            try? FileManager.default.removeItem(at: errors)
        }
        try await waitForPort(port, process: process, errors: errors)
        return try await body(MCPTestServer(transport: transport, port: port))
    }

    /// Polls the port until it accepts a connection; fails when the process exits or 30 seconds pass.
    private static func waitForPort(_ port: Int, process: Subprocess, errors: URL) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = process.exitStatus {
                let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                throw Failure(description: "The MCP test server exited (\(status)): \(text.suffix(2000))")
            }
            if accepts(port) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "The MCP test server did not listen on port \(port) within 30 seconds.")
    }

    /// Whether 127.0.0.1:`port` accepts a TCP connection now.
    static func accepts(_ port: Int) -> Bool {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// POSTs to one of the server's test hooks (such as `/forget-sessions`).
    func post(_ path: String) async throws {
        guard let url = URL(string: root + path) else { throw Failure(description: "Bad hook path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: request)
    }
}
