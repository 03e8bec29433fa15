import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// Secrets go in through the CLI and the API and are used by real actions, yet their literal values appear
    /// in no CLI output, no API answer, no server log line and no byte of the SQLite files.
    @Test("Secret hygiene: no secret in CLI output, API answers, logs or SQLite files")
    func secretHygiene() async throws {
        let marker = UUID().uuidString.prefix(8)
        let secrets = HygieneSecrets(marker: String(marker))
        let transcript = Transcript()
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "hygiene", transcript: transcript) { server in
                try await exerciseSecrets(server, upstream: upstream, secrets: secrets)

                let scannedWhileRunning = SecretScan.files(in: server.dataDirectory).map(\.lastPathComponent)
                #expect(scannedWhileRunning.contains("plugboard.sqlite"), "\(scannedWhileRunning)")
                #expect(scannedWhileRunning.contains("plugboard.sqlite-wal"), "WAL mode: the -wal file is scanned too")
                var leaks = secrets.all.flatMap { secret in
                    SecretScan.findings(of: secret, transcript: transcript, logFiles: server.logFiles, dataDirectory: server.dataDirectory)
                }
                #expect(leaks.isEmpty, "secrets found while running in: \(leaks)")

                try await server.stop()
                leaks = secrets.all.flatMap { secret in
                    SecretScan.findings(of: secret, transcript: transcript, logFiles: server.logFiles, dataDirectory: server.dataDirectory)
                }
                #expect(leaks.isEmpty, "secrets found after shutdown in: \(leaks)")

                // Controls: the scan reads real output, logs and database pages.
                #expect(transcript.all.count > 20)
                #expect(server.logText.contains("listening"), "the server log was not captured")
                let connectorName = "bearer-api-\(marker)"
                let stored = SecretScan.findings(
                    of: connectorName, transcript: Transcript(), logFiles: [], dataDirectory: server.dataDirectory)
                #expect(!stored.isEmpty, "the connector name should be in the database files the scan reads")
            }
        }
    }

    private func exerciseSecrets(_ server: ServerProcess, upstream: UpstreamServer, secrets: HygieneSecrets) async throws {
        let cli = server.cli()
        let api = server.api()
        let baseKey = try await RESTConnectorType.baseURLOption(api)
        let app = "hygiene"
        var result = try await cli.run(["applications", "create", app])
        try #require(result.status == 0, "\(result)")

        result = try await cli.run(
            ["credentials", "create", "-a", app, "--name", "bearer", "--kind", "bearer_token", "--field-stdin", "token"],
            stdin: secrets.bearer)
        try #require(result.status == 0, "\(result)")
        result = try await cli.run(
            ["credentials", "create", "-a", app, "--name", "basic", "--kind", "username_password",
             "--field", "username=alice", "--field", "password=\(secrets.password)", "--json"])
        try #require(result.status == 0, "\(result)")
        let keyFile = server.workDirectory.appendingPathComponent("api-key.txt")
        try Data((secrets.apiKey + "\n").utf8).write(to: keyFile)
        result = try await cli.run(
            ["credentials", "create", "-a", app, "--name", "key", "--kind", "api_key", "--field", "key=@\(keyFile.path)",
             "--field", "name=X-API-Key", "--field", "placement=header"])
        try #require(result.status == 0, "\(result)")
        try FileManager.default.removeItem(at: keyFile)
        result = try await cli.run(
            ["credentials", "create", "-a", app, "--name", "custom", "--kind", "custom", "--field", "signingSecret=\(secrets.custom)"])
        try #require(result.status == 0, "\(result)")
        let created = try await api.post(
            "/api/v1/applications/\(app)/credentials",
            ["name": "from-api", "kind": "bearer_token", "fields": ["token": .string(secrets.viaAPI)]])
        try #require(created.status == 201, "\(created)")
        result = try await cli.run(
            ["credentials", "create", "-a", app, "--name", "rejected", "--kind", "bearer_token",
             "--field", "token=\(secrets.rejected)", "--field", "unexpected=1"])
        #expect(result.status == 5, "an unknown field is rejected: \(result)")

        for (name, credential) in [("bearer-api-\(secrets.marker)", "bearer"), ("basic-api", "basic"), ("key-api", "key"), ("denied-api", "from-api")] {
            result = try await cli.run(
                ["connectors", "create", "-a", app, "--type", RESTConnectorType.id, "--name", name,
                 "--option", "\(baseKey)=\(upstream.baseURL)", "--credential", credential])
            try #require(result.status == 0, "\(result)")
            result = try await cli.run(["connectors", "test", "-a", app, name])
        }

        let run = ["run", "-a", app]
        let getJSON = ["request", "--input", #"{"path": "/json"}"#]
        result = try await cli.run(run + ["bearer-api-\(secrets.marker)"] + getJSON)
        #expect(result.status == 0, "\(result)")
        #expect(upstream.lastRequest?.header("Authorization") == "Bearer \(secrets.bearer)")

        result = try await cli.run(
            ["credentials", "update", "-a", app, "bearer", "--field-stdin", "token"], stdin: secrets.rotatedBearer + "\n")
        #expect(result.status == 0, "\(result)")
        result = try await cli.run(run + ["bearer-api-\(secrets.marker)"] + getJSON + ["--json"])
        #expect(result.status == 0, "\(result)")
        #expect(upstream.lastRequest?.header("Authorization") == "Bearer \(secrets.rotatedBearer)")

        result = try await cli.run(run + ["basic-api"] + getJSON)
        #expect(result.status == 0, "\(result)")
        let basic = "Basic " + Data("alice:\(secrets.password)".utf8).base64EncodedString()
        #expect(upstream.lastRequest?.header("Authorization") == basic)

        result = try await cli.run(run + ["key-api"] + getJSON)
        #expect(result.status == 0, "\(result)")
        #expect(upstream.lastRequest?.header("X-API-Key") == secrets.apiKey)

        result = try await cli.run(run + ["denied-api", "request", "--input", #"{"path": "/auth/bearer/another-token"}"#])
        #expect(result.status == 6, "the upstream refuses the token: \(result)")

        for arguments in [
            ["credentials", "list", "-a", app], ["credentials", "list", "-a", app, "--json"],
            ["credentials", "show", "-a", app, "bearer"], ["credentials", "show", "-a", app, "basic", "--json"],
            ["credentials", "show", "-a", app, "key", "--json"], ["credentials", "show", "-a", app, "custom"],
            ["connectors", "list", "-a", app, "--json"], ["connectors", "show", "-a", app, "basic-api"],
            ["executions", "list", "-a", app], ["executions", "list", "-a", app, "--json"], ["tokens", "list", "--json"],
            ["keys", "status"],
        ] {
            result = try await cli.run(arguments)
            #expect(result.status == 0, "\(result)")
        }
        for path in [
            "/api/v1/applications/\(app)/credentials", "/api/v1/applications/\(app)/credentials/basic",
            "/api/v1/applications/\(app)/connectors", "/api/v1/applications/\(app)/executions", "/metrics",
            "/openapi.json",
        ] {
            _ = try await api.get(path)
        }
    }
}
