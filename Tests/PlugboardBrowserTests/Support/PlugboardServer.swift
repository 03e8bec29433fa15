import Foundation
import NIOHTTP1
import PlugboardCore
import PlugboardTestSupport

/// A real `plugboard serve` (the binary in `PLUGBOARD_BINARY`) on a loopback port with a fresh data folder.
final class PlugboardServer: Sendable {
    static let adminToken = "pb_browser_admin_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
    let process: Subprocess
    let baseURL: String
    let dataDirectory: URL

    /// Starts the server, loopback egress allowed, and returns once `/healthz` answers.
    init(scratch: URL) async throws {
        let environment = ProcessInfo.processInfo.environment
        let binary = environment["PLUGBOARD_BINARY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Artifacts.packageRoot.appendingPathComponent(".build/debug/plugboard").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BrowserTestError("No plugboard binary at \(binary): set PLUGBOARD_BINARY or run `swift build`.")
        }
        let port = ChildProcessPort.find()
        baseURL = "http://127.0.0.1:\(port)"
        dataDirectory = scratch.appendingPathComponent("data")
        process = try ProcessLauncher.launch(
            binary, ["serve", "--host", "127.0.0.1", "--port", String(port), "--data", dataDirectory.path],
            environment: ProcessLauncher.environment([
                "PLUGBOARD_ADMIN_TOKEN": Self.adminToken, "PLUGBOARD_EGRESS_ALLOW": "127.0.0.0/8,::1/128",
            ]),
            log: scratch.appendingPathComponent("plugboard.log"))
        let url = baseURL
        let running = process
        let healthy = await ProcessLauncher.waitUntil(timeout: .seconds(60)) {
            guard running.isRunning else { return false }
            return (try? await HTTPJSON.send(.GET, url + "/healthz", timeout: .seconds(2)))?.status == 200
        }
        guard healthy else {
            await ProcessLauncher.stop(process)
            throw BrowserTestError("plugboard serve did not become healthy; see \(scratch.path)/plugboard.log")
        }
    }

    /// Calls the API as the admin; fails unless the status is 2xx.
    @discardableResult
    func api(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let reply = try await HTTPJSON.send(
            method, baseURL + "/api/v1" + path, body: body, headers: [("Authorization", "Bearer \(Self.adminToken)")])
        guard (200..<300).contains(reply.status) else {
            throw BrowserTestError("\(method) \(path) answered \(reply.status): \(reply.text.prefix(1000))")
        }
        return reply.json
    }

    /// Records a dependent of a connector straight in the SQLite file: the API has no endpoint for them yet.
    func insertDependent(connectorID: String, kind: String, name: String) async throws {
        let id = "dep_browser_\(UUID().uuidString.prefix(8).lowercased())"
        let quoted = [id, connectorID, kind, name, ISO8601.string(from: Date())].map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
        try await sqlite("INSERT INTO dependents (id, connector_id, kind, name, created_at) VALUES (\(quoted.joined(separator: ", ")));")
    }

    /// Runs SQL on the server's database with the sqlite3 command (WAL lets it write beside the server).
    func sqlite(_ sql: String) async throws {
        let database = dataDirectory.appendingPathComponent("plugboard.sqlite").path
        guard let sqlite = ProcessLauncher.locate(["sqlite3"], override: nil) else {
            throw BrowserTestError("The sqlite3 command was not found; install Debian's sqlite3 (scripts/test.sh does).")
        }
        let log = dataDirectory.deletingLastPathComponent().appendingPathComponent("sqlite3.log")
        let process = try ProcessLauncher.launch(sqlite, ["-cmd", ".timeout 10000", database, sql], environment: [:], log: log)
        let status = await process.exitStatus(within: .seconds(60))
        guard status == 0 else {
            throw BrowserTestError("sqlite3 failed (\(status.map { "status \($0)" } ?? "still running after 60 s")) running: \(sql.prefix(200))")
        }
    }

    func stop() async {
        await ProcessLauncher.stop(process, grace: .seconds(30))
    }
}
