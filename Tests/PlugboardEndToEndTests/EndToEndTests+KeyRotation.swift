import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// `plugboard keys rotate` re-wraps every credential under a new key with progress shown, and every
    /// credential still decrypts afterwards, also after a restart.
    @Test("Key rotation: progress, a new active key, every credential still decrypts")
    func keyRotation() async throws {
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "rotation") { server in
                let api = server.api()
                let cli = server.cli()
                let tokens = try await makeTokenConnectors(api, count: 6, upstream: upstream)

                var result = try await cli.run(["keys", "status", "--json"])
                let before = try #require(try result.json()["activeKeyId"]?.stringValue, "\(result)")

                result = try await cli.run(["keys", "rotate"])
                #expect(result.status == 0, "\(result)")
                #expect(result.stdout.contains("Re-wrapping 6 credential(s)"), "\(result)")
                #expect(result.stdout.contains("6/6"), "progress should reach 6/6: \(result)")
                #expect(result.stdout.contains("Rotated the master key"), "\(result)")

                result = try await cli.run(["keys", "status", "--json"])
                let status = try result.json()
                let after = try #require(status["activeKeyId"]?.stringValue, "\(result)")
                #expect(after != before, "a new key should be active")
                let active = status["keys"]?.arrayValue?.first { $0["id"]?.stringValue == after }
                #expect(active?["credentials"]?.integerValue == 6, "the new key should wrap all 6 credentials: \(result)")
                result = try await cli.run(["keys", "status"])
                #expect(result.stdout.contains(String(after.prefix(24))), "\(result)")

                try await expectDecrypts(cli, tokens: tokens)

                result = try await cli.run(["keys", "rotate", "--json"])
                #expect(result.status == 0, "\(result)")
                let phases = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0))["phase"]?.stringValue ?? "" }
                #expect(phases.first == "started" && phases.last == "completed", "\(result)")

                try await server.stop()
                try await server.start()
                try await expectDecrypts(server.cli(), tokens: tokens)
            }
        }
    }

    /// Runs each connector's action against `/auth/bearer/{token}`: it succeeds only if the credential decrypts.
    /// The application `rotation` with `count` `rest` connectors (`conn-N`), each with a bearer-token credential of
    /// its own; returns each connector's token, which the upstream checks.
    func makeTokenConnectors(_ api: APISession, count: Int, upstream: UpstreamServer) async throws -> [String: String] {
        let baseKey = try await RESTConnectorType.baseURLOption(api)
        _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": "rotation"]), "create the application")
        var tokens: [String: String] = [:]
        for index in 1...count {
            let token = "rotation-token-\(index)-\(UUID().uuidString)"
            let credential = try api.expectSuccess(
                try await api.post(
                    "/api/v1/applications/rotation/credentials",
                    ["name": .string("cred-\(index)"), "kind": "bearer_token", "fields": ["token": .string(token)]]),
                "create a credential")
            _ = try api.expectSuccess(
                try await api.post(
                    "/api/v1/applications/rotation/connectors",
                    ["type": .string(RESTConnectorType.id), "name": .string("conn-\(index)"),
                     "options": [.init(baseKey): .string(upstream.baseURL)], "credentialId": credential["id"] ?? .null]),
                "create a connector")
            tokens["conn-\(index)"] = token
        }
        return tokens
    }

    /// Runs each connector against the upstream, which answers 200 only for the connector's own token.
    func expectDecrypts(_ cli: PlugboardCLI, tokens: [String: String]) async throws {
        for (connector, token) in tokens.sorted(by: { $0.key < $1.key }) {
            let input = RESTConnectorType.get("/auth/bearer/\(token)").jsonString()
            let result = try await cli.run(["run", "-a", "rotation", connector, "request", "--input", input])
            #expect(result.status == 0, "\(result)")
            #expect((try? result.json()["status"]?.integerValue) == 200, "\(result)")
        }
    }
}
