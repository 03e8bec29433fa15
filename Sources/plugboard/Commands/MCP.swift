import ArgumentParser
import Foundation
import Logging
import PlugboardServer

/// `plugboard mcp --application APP`: Plugboard as an MCP server on stdin/stdout, for desktop agents.
struct MCPServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve an application's agent tools over MCP on standard input and output.",
        discussion: """
            For agents that start an MCP server as a subprocess (Claude Desktop, IDEs). It opens the data \
            folder directly, as 'plugboard serve' does (the server may run at the same time), and offers the \
            application's bound actions as tools (see 'plugboard bindings'). Tool lists follow binding \
            changes within about a second.

            Role: with --token (or PLUGBOARD_TOKEN) the agent has that token's role and executions are \
            logged under its name; a viewer may list and read but not call. Without a token it acts as admin \
            of the application, logged as 'mcp-stdio': whoever can read the data folder and its master key \
            holds every secret already. Logs go to standard error; standard output carries only MCP.

            Over HTTP the same server is at /mcp of 'plugboard serve' (bearer token of the application).

            ENVIRONMENT: PLUGBOARD_MASTER_KEY, PLUGBOARD_EGRESS_ALLOW, PLUGBOARD_EGRESS_DENY and LOG_LEVEL as for serve.
            """
    )

    @OptionGroup var app: ApplicationOptions

    @Option(name: .customLong("data"), help: ArgumentHelp("Data folder of the Plugboard server.", valueName: "dir"))
    var dataDirectory = "./plugboard-data"

    @Option(name: .customLong("token"), help: ArgumentHelp("API token whose role the agent gets (env: PLUGBOARD_TOKEN).", valueName: "token"))
    var tokenOption: String?

    func validate() throws {
        let database = (dataDirectory as NSString).appendingPathComponent("plugboard.sqlite")
        let shared = !(ProcessInfo.processInfo.environment[StoreLocation.environmentVariable] ?? "").isEmpty
        guard shared || FileManager.default.fileExists(atPath: database) else {
            throw ValidationError("No Plugboard data in '\(dataDirectory)': start 'plugboard serve' once, or pass --data DIR.")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var logger = Logger(label: "plugboard-mcp") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        // No bootstrap token here: a data folder without tokens was never served; validate() refused it already.
        var instanceEnvironment = environment
        instanceEnvironment["PLUGBOARD_ADMIN_TOKEN"] = nil
        let (instance, _) = try await PlugboardInstance.open(dataDirectory: dataDirectory, environment: instanceEnvironment, logger: logger)
        do {
            try await serve(instance)
        } catch {
            await instance.close()
            throw error
        }
        await instance.close()
    }

    /// Serves the application's tools on stdin and stdout until the client goes away.
    private func serve(_ instance: PlugboardInstance) async throws {
        let token = tokenOption ?? Environment.value("PLUGBOARD_TOKEN")
        let agent = try await MCPStdioServer.agent(instance: instance, application: app.application, token: token)
        if token == nil {
            Console().printError(
                "note: no --token given; serving '\(agent.application.name)' as its admin (executions are logged as 'mcp-stdio'). "
                    + "Pass --token or set PLUGBOARD_TOKEN to use a token's role.")
        }
        try await MCPStdioServer.run(instance: instance, agent: agent)
    }
}
