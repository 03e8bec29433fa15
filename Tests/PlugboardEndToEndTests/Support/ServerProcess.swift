import AsyncHTTPClient
import Foundation
import NIOCore
import PlugboardCore
import PlugboardTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real `plugboard serve` process on a loopback port and a data folder that outlives restarts.
///
/// Its stdout and stderr go to a log file per start: the logs the secret-hygiene test searches.
final class ServerProcess: Sendable {
    /// The bootstrap admin token every test server gets through `PLUGBOARD_ADMIN_TOKEN`.
    static let adminToken = "pb_e2e_admin_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"

    let dataDirectory: URL
    /// Logs and CLI output files live here, apart from the data folder.
    let workDirectory: URL
    let transcript: Transcript
    let binary: String
    private let state = Mutex(State())

    private struct State {
        var process: Subprocess?
        var port = 0
        var logFiles: [URL] = []
    }

    /// Prepares a server with a fresh data folder; nothing runs until `start()`.
    init(transcript: Transcript = Transcript(), name: String = "server") throws {
        binary = try PlugboardBinary.path()
        workDirectory = try TemporaryDirectory.make(name)
        dataDirectory = workDirectory.appendingPathComponent("data")
        self.transcript = transcript
    }

    var port: Int { state.withLock { $0.port } }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var logFiles: [URL] { state.withLock { $0.logFiles } }

    /// Every log line the server wrote across all its starts.
    var logText: String {
        logFiles.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.joined(separator: "\n")
    }

    /// Starts `plugboard serve` and returns once `/healthz` answers; `samePort` listens where the last start did (a
    /// replica a load balancer knows by its address).
    func start(environment extra: [String: String] = [:], timeout: Duration = .seconds(60), samePort: Bool = false) async throws {
        let process = try launch(extra, port: samePort ? port : ChildProcessPort.find())
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = process.exitStatus {
                throw EndToEndError("plugboard serve exited with status \(status) before it was ready; log:\n\(logTail())")
            }
            if await isHealthy() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.signal(SIGKILL)
        throw EndToEndError("plugboard serve did not answer /healthz within \(timeout); log:\n\(logTail())")
    }

    /// Starts the server expecting it to refuse to run; returns its exit status, or nil if it kept running.
    func startExpectingExit(environment extra: [String: String], timeout: Duration = .seconds(30)) async throws -> Int32? {
        let process = try launch(extra, port: ChildProcessPort.find())
        if let status = await process.exitStatus(within: timeout) { return status }
        process.signal(SIGKILL)
        _ = await process.exitStatus(within: .seconds(10))
        return nil
    }

    /// SIGTERM, then waits for a clean exit; returns the exit status.
    @discardableResult
    func stop(timeout: Duration = .seconds(30)) async throws -> Int32 {
        guard let process = state.withLock({ $0.process }) else { return 0 }
        process.signal(SIGTERM)
        guard let status = await process.exitStatus(within: timeout) else {
            process.signal(SIGKILL)
            _ = await process.exitStatus(within: .seconds(10))
            throw EndToEndError("plugboard serve did not exit within \(timeout) of SIGTERM")
        }
        return status
    }

    /// `kill -9`: the process dies at once, mid-write if it was writing.
    func kill9() async {
        guard let process = state.withLock({ $0.process }) else { return }
        process.signal(SIGKILL)
        _ = await process.exitStatus(within: .seconds(10))
    }

    /// Stops the server if it still runs; for cleanup paths that must not throw.
    func shutdown() async {
        do { try await stop() } catch { await kill9() }
    }

    /// The CLI, pointed at this server with the admin token.
    func cli(token: String? = ServerProcess.adminToken) -> PlugboardCLI {
        PlugboardCLI(binary: binary, server: baseURL, token: token, transcript: transcript, scratch: workDirectory)
    }

    /// The HTTP API, with the admin token.
    func api(token: String = ServerProcess.adminToken) -> APISession {
        APISession(baseURL: baseURL, token: token, transcript: transcript)
    }

    private func launch(_ extra: [String: String], port: Int) throws -> Subprocess {
        let log = workDirectory.appendingPathComponent("server-\(logFiles.count + 1).log")
        let environment = ChildProcess.environment(
            ["PLUGBOARD_ADMIN_TOKEN": Self.adminToken, "PLUGBOARD_EGRESS_ALLOW": "127.0.0.0/8,::1/128"].merging(extra) { $1 })
        let process = try ChildProcess.launch(
            binary, ["serve", "--host", "127.0.0.1", "--port", String(port), "--data", dataDirectory.path],
            environment: environment, output: log)
        state.withLock {
            $0.process = process
            $0.port = port
            $0.logFiles.append(log)
        }
        return process
    }

    private func isHealthy() async -> Bool {
        var request = HTTPClientRequest(url: "\(baseURL)/healthz")
        request.method = .GET
        guard let response = try? await APISession.httpClient.execute(request, timeout: .seconds(2)) else { return false }
        _ = try? await response.body.collect(upTo: 1 << 20)
        return response.status.code == 200
    }

    private func logTail() -> String {
        String(logText.suffix(4000))
    }
}
