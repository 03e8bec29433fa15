import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import PlugboardCore

/// The `plugboard` command: runs the server, and manages and runs connectors through its API.
@main
struct Plugboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugboard",
        abstract: "Plugboard: credentials and connectors that agents and workflows run actions through.",
        discussion: """
            `plugboard serve` runs the server. Every other command talks to a \
            running server over its HTTP API: create an application, store a \
            credential, create a connector that uses it, then run its actions.

              plugboard applications create demo
              plugboard credentials create -a demo --name api-token \\
                  --kind bearer_token --field-stdin token
              plugboard connectors create -a demo --type plugboard.nodes.rest \\
                  --name api --option baseUrl=https://api.example.com \\
                  --credential api-token
              plugboard run -a demo api request --input '{"path": "/status"}'

            Tables are printed for people; --json prints the server's JSON for \
            scripts.

            ENVIRONMENT:
              PLUGBOARD_SERVER       server URL, like --server
                                     (default http://127.0.0.1:8080)
              PLUGBOARD_TOKEN        API token, like --token
              PLUGBOARD_APPLICATION  application id or name, like -a

            \(ExitStatus.helpTable)
            """,
        version: "0.1.0",
        subcommands: [
            Serve.self, Applications.self, Types.self, Credentials.self, Connectors.self, Run.self, Executions.self,
            Workflows.self, Triggers.self, Tokens.self, Keys.self, Bindings.self, MCPServe.self, Export.self, Import.self,
        ]
    )

    /// Parses, runs, and turns every failure into a readable report and a documented exit status.
    static func main() async {
        // NIO's event loops also run Swift Concurrency jobs: the HTTP server, the HTTP clients and the handlers
        // then share threads instead of hopping between them (about a quarter off p50 latency).
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitForArgumentError(error)
        }
        let json = (command as? any APICommand)?.server.json ?? false
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let failure as CommandFailure {
            Console().report(failure, json: json)
            Foundation.exit(failure.exitStatus.rawValue)
        } catch let error as ConnectorError {
            // `serve` failing to start, e.g. with a master key that does not match the data folder.
            let failure = CommandFailure(error: error.json, exitStatus: .forError(code: error.code.rawValue, httpStatus: nil))
            Console().report(failure, json: json)
            Foundation.exit(failure.exitStatus.rawValue)
        } catch where error is ValidationError || error is CleanExit || error is ExitCode || exitCode(for: error) == .success {
            // The last case is argument-parser's own `help` command, which "runs" by throwing a help request.
            exitForArgumentError(error)
        } catch {
            Console().printError("error: \(error)")
            Foundation.exit(ExitStatus.unexpected.rawValue)
        }
        Foundation.exit(ExitStatus.ok.rawValue)
    }

    /// Usage errors exit 2 (argument-parser's own default is 64); help and version exit 0.
    private static func exitForArgumentError(_ error: any Error) -> Never {
        if exitCode(for: error) == .validationFailure {
            Console().printError(fullMessage(for: error))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        exit(withError: error)
    }
}

/// A command that calls the API; `main()` reads its options to report failures the way it asked (`--json`).
protocol APICommand: AsyncParsableCommand {
    var server: ServerOptions { get }
}
