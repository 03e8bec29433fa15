import Foundation
import Hummingbird
import HummingbirdTesting
import PlugboardAPITestSupport
import PlugboardCore

/// A Plugboard instance (fresh data folder) listening on a real loopback port, so an out-of-process MCP client can
/// reach `/mcp`; `api` drives its HTTP API through the same port.
struct LivePlugboard: Sendable {
    let api: APIClient
    let port: Int
    let fixture: APIFixture

    var mcpURL: String { "http://127.0.0.1:\(port)/mcp" }

    /// Runs `body` with an instance on `environment` (a shared store's URL, say) listening on a loopback port.
    static func run(environment: [String: String] = [:], _ body: @escaping @Sendable (LivePlugboard) async throws -> Void) async throws {
        let fixture = try await APIFixture(environment: environment)
        let app = Application(
            router: fixture.instance.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        do {
            try await app.test(.live) { client in
                guard let port = client.port else { throw MCPTestError("The live test server has no port.") }
                try await body(LivePlugboard(api: APIClient(client: client), port: port, fixture: fixture))
            }
        } catch {
            await fixture.instance.runtime.drain()
            await fixture.instance.close()
            try? FileManager.default.removeItem(atPath: fixture.directory)
            throw error
        }
        await fixture.instance.runtime.drain()
        await fixture.instance.close()
        try? FileManager.default.removeItem(atPath: fixture.directory)
    }

    /// A token of `application` with `role`, made through the API.
    func token(_ application: String, role: String) async throws -> String {
        let reply = try await api.call(.post, "/api/v1/tokens", ["name": .string("agent-\(role)"), "application": .string(application), "role": .string(role)])
        guard let token = reply.json["token"]?.stringValue else { throw MCPTestError("No token: \(reply.text)") }
        return token
    }
}

/// The built `plugboard` binary for stdio tests: `PLUGBOARD_BINARY`, else `.build/debug/plugboard`. A missing
/// binary fails the test.
enum PlugboardBinary {
    static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["PLUGBOARD_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw MCPTestError("PLUGBOARD_BINARY=\(path) is not executable.") }
            return path
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let fallback = root.appendingPathComponent(".build/debug/plugboard").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw MCPTestError("No plugboard binary: set PLUGBOARD_BINARY or run `swift build` (looked for \(fallback)).")
        }
        return fallback
    }
}
