import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// The README's tour through the real binary: every step a user takes, with the exit codes scripts rely on.
    @Test("CLI tour: application, credential, connector, test, run, executions, tokens")
    func cliTour() async throws {
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "tour") { server in
                let secret = "tour-secret-\(UUID().uuidString)"
                let cli = server.cli()
                let baseKey = try await RESTConnectorType.baseURLOption(server.api())

                var result = try await cli.run(["applications", "create", "tour"])
                try #require(result.status == 0, "\(result)")
                result = try await cli.run(["applications", "list"])
                #expect(result.status == 0 && result.stdout.contains("tour"), "\(result)")

                result = try await cli.run(
                    ["credentials", "create", "-a", "tour", "--name", "upstream-token", "--kind", "bearer_token",
                     "--field-stdin", "token"], stdin: secret + "\n")
                try #require(result.status == 0, "\(result)")
                result = try await cli.run(["credentials", "show", "-a", "tour", "upstream-token"])
                #expect(result.status == 0 && result.stdout.contains("token"), "\(result)")

                result = try await cli.run(
                    ["connectors", "create", "-a", "tour", "--type", RESTConnectorType.id, "--name", "upstream",
                     "--description", "The test upstream", "--option", "\(baseKey)=\(upstream.baseURL)",
                     "--credential", "upstream-token"])
                try #require(result.status == 0, "\(result)")

                result = try await cli.run(["connectors", "list", "-a", "tour"])
                #expect(result.status == 0, "\(result)")
                let lines = result.stdout.split(separator: "\n")
                let heading = lines.first ?? ""
                #expect(["NAME", "DESCRIPTION", "RESOURCE", "CREATED"].allSatisfy(heading.contains), "\(result)")
                let row = lines.first { $0.hasPrefix("upstream ") }
                #expect(row?.contains(RESTConnectorType.id) == true, "\(result)")
                #expect(row?.contains("The test upstream") == true, "\(result)")

                result = try await cli.run(["connectors", "test", "-a", "tour", "upstream"])
                #expect(result.status == 0 && result.stdout.hasPrefix("ok"), "\(result)")
                result = try await cli.run(["connectors", "actions", "-a", "tour", "upstream"])
                #expect(result.status == 0 && result.stdout.hasPrefix("ACTION") && result.stdout.contains("request"), "\(result)")
                result = try await cli.run(["connectors", "schema", "-a", "tour", "upstream"])
                #expect(result.status == 3 && result.stderr.contains("no schema to discover"), "\(result)")

                try await runActions(cli, upstream: upstream, secret: secret, scratch: server.workDirectory)

                result = try await cli.run(["executions", "list", "-a", "tour"])
                #expect(result.status == 0, "\(result)")
                #expect(result.stdout.contains("upstream") && result.stdout.contains("request"), "\(result)")
                #expect(result.stdout.contains("succeeded"), "\(result)")
                result = try await cli.run(["executions", "list", "-a", "tour", "--json"])
                let executions = try result.json()["items"]?.arrayValue ?? []
                #expect(executions.count >= 4, "\(result)")
                #expect(executions.allSatisfy { $0["action"] == "request" }, "\(result)")

                result = try await cli.run(["connectors", "show", "-a", "tour", "upstream", "--json"])
                let connector = try result.json()
                #expect(connector["options"]?[baseKey]?.stringValue == upstream.baseURL, "\(result)")
                #expect(connector["type"]?.stringValue == RESTConnectorType.id, "\(result)")

                result = try await cli.run(["connectors", "test", "--help"])
                #expect(result.status == 0 && result.stdout.contains("--timeout <seconds>"), "\(result)")
                result = try await cli.run(["help", "run"])
                #expect(result.status == 0 && result.stdout.contains("OVERVIEW"), "\(result)")
                result = try await cli.run(["types", "list"])
                #expect(result.status == 0 && result.stdout.contains(RESTConnectorType.id), "\(result)")
                result = try await cli.run(["types", "show", RESTConnectorType.id])
                #expect(result.status == 0 && result.stdout.contains("request") && result.stdout.contains(baseKey), "\(result)")

                try await checkTokens(cli, server: server, baseKey: baseKey)
                try await checkExitCodes(cli, server: server, baseKey: baseKey)
            }
        }
    }

    /// `run` with inline, standard-input and file input; the upstream must receive the credential's token.
    private func runActions(_ cli: PlugboardCLI, upstream: UpstreamServer, secret: String, scratch: URL) async throws {
        var result = try await cli.run(
            ["run", "-a", "tour", "upstream", "request", "--input", #"{"method": "GET", "path": "/echo"}"#])
        try #require(result.status == 0, "\(result)")
        let output = try result.json()
        #expect(output["status"]?.integerValue == 200, "\(result)")
        #expect(output["body"]?["path"]?.stringValue == "/echo", "\(result)")
        #expect(upstream.requests(to: "/echo").last?.header("Authorization") == "Bearer \(secret)")

        result = try await cli.run(["run", "-a", "tour", "upstream", "request", "--json", "--input", #"{"path": "/echo"}"#])
        let response = try result.json()
        #expect(response["executionId"]?.stringValue?.isEmpty == false, "\(result)")
        #expect(response["output"]?["status"]?.integerValue == 200, "\(result)")
        #expect(response["durationMs"]?.doubleValue != nil, "\(result)")

        result = try await cli.run(["run", "-a", "tour", "upstream", "request", "--input", "-"], stdin: #"{"path": "/json"}"#)
        #expect(try result.json()["body"]?["name"]?.stringValue == "plugboard", "\(result)")

        let file = scratch.appendingPathComponent("input.json")
        try Data(#"{"path": "/text"}"#.utf8).write(to: file)
        result = try await cli.run(["run", "-a", "tour", "upstream", "request", "--input", "@\(file.path)"])
        #expect(try result.json()["body"]?.stringValue == "hello, plugboard", "\(result)")
    }

    /// A runner token made with `tokens create` may run actions but not create connectors.
    private func checkTokens(_ cli: PlugboardCLI, server: ServerProcess, baseKey: String) async throws {
        var result = try await cli.run(
            ["tokens", "create", "--name", "tour-runner", "--application", "tour", "--role", "runner", "--json"])
        try #require(result.status == 0, "\(result)")
        let token = try #require(try result.json()["token"]?.stringValue)
        result = try await cli.run(["tokens", "list"])
        #expect(result.status == 0 && result.stdout.contains("tour-runner") && !result.stdout.contains(token), "\(result)")

        let runner = server.cli(token: token)
        result = try await runner.run(["run", "-a", "tour", "upstream", "request", "--input", #"{"path": "/json"}"#])
        #expect(result.status == 0, "\(result)")
        result = try await runner.run(
            ["connectors", "create", "-a", "tour", "--type", RESTConnectorType.id, "--name", "not-allowed",
             "--option", "\(baseKey)=http://127.0.0.1:1"])
        #expect(result.status == 4, "a runner may not create connectors: \(result)")
    }

    /// The documented exit codes: 2 usage, 3 not found, 4 unauthorized, 5 rejected, 6 connector failed, 7 unreachable.
    private func checkExitCodes(_ cli: PlugboardCLI, server: ServerProcess, baseKey: String) async throws {
        var result = try await cli.run(["connectors", "show", "-a", "tour", "no-such-connector"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("  fix: "), "\(result)")
        result = try await cli.run(["connectors", "show", "-a", "tour", "no-such-connector", "--json"])
        #expect(result.status == 3 && (try? result.errorJSON()["error"]?["code"]) == "not_found", "\(result)")
        result = try await cli.run(["connectors", "list", "-a", "no-such-application"])
        #expect(result.status == 3, "\(result)")

        result = try await cli.run(
            ["connectors", "create", "-a", "tour", "--type", RESTConnectorType.id, "--name", "upstream",
             "--option", "\(baseKey)=http://127.0.0.1:1"])
        #expect(result.status == 5, "a duplicate name: \(result)")
        result = try await cli.run(["run", "-a", "tour", "upstream", "request", "--input", #"{"method": 42}"#])
        #expect(result.status == 5, "input failing the action schema: \(result)")
        result = try await cli.run(["credentials", "delete", "-a", "tour", "upstream-token"])
        #expect(result.status == 5, "a credential in use: \(result)")

        result = try await cli.run(["run", "-a", "tour", "upstream", "request", "--input", "{not json"])
        #expect(result.status == 2, "malformed JSON: \(result)")
        result = try await cli.run(["connectors", "create", "-a", "tour", "--name", "no-type"])
        #expect(result.status == 2, "a missing option: \(result)")

        result = try await server.cli(token: "pb_not_a_real_token").run(["applications", "list"])
        #expect(result.status == 4, "\(result)")
        let nowhere = PlugboardCLI(
            binary: cli.binary, server: "http://127.0.0.1:\(ClosedPort.find())", token: cli.token,
            transcript: cli.transcript, scratch: cli.scratch)
        result = try await nowhere.run(["applications", "list"])
        #expect(result.status == 7 && result.stderr.hasPrefix("error: "), "\(result)")

        result = try await cli.run(
            ["connectors", "create", "-a", "tour", "--type", RESTConnectorType.id, "--name", "refused",
             "--option", "\(baseKey)=http://127.0.0.1:\(ClosedPort.find())"])
        try #require(result.status == 0, "\(result)")
        result = try await cli.run(["connectors", "test", "-a", "tour", "refused", "--json"])
        #expect(result.status == 6, "\(result)")
        #expect((try? result.errorJSON()["error"]?["code"]) == "connection_refused", "\(result)")
        result = try await cli.run(["connectors", "delete", "-a", "tour", "refused"])
        #expect(result.status == 0, "\(result)")
    }
}
