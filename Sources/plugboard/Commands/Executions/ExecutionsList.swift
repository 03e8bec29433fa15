import ArgumentParser
import PlugboardCore

/// `plugboard executions list [--connector C] [--status S] [--run R]`.
struct ExecutionsList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recent executions, newest first.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Option(help: "Only executions of this connector (id or name).")
    var connector: String?

    @Option(help: "Only executions with this status: succeeded or failed.")
    var status: String?

    @Option(name: .customLong("run"), help: "Only the steps of this workflow run, or the tool calls of this agent execution.")
    var runID: String?

    @OptionGroup var paging: PagingOptions

    func validate() throws {
        if let status, !["succeeded", "failed"].contains(status) {
            throw ValidationError("--status must be succeeded or failed.")
        }
    }

    func run() async throws {
        let query = [("connector", connector), ("status", status), ("run", runID)] + paging.query
        let response = try await server.client().get("\(app.path)/executions", query: query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else { return console.print("No executions yet.") }
        var table = Table([
            .init("STARTED"), .init("CONNECTOR", maximumWidth: 28), .init("ACTION", maximumWidth: 24), .init("STATUS"),
            .init("ERROR", maximumWidth: 24), .init("DURATION"), .init("IN"), .init("OUT"), .init("MODEL TOKENS"),
            .init("TOKEN", maximumWidth: 24),
        ])
        for item in response.items {
            table.append([
                Display.timestamp(item["startedAt"]), Display.text(item["connectorName"] ?? item["connectorId"]),
                Display.text(item["action"]), Display.text(item["status"]), Display.text(item["errorCode"]),
                Display.duration(item["durationMs"]), Display.bytes(item["inputBytes"]),
                Display.bytes(item["outputBytes"]), Self.modelTokens(item["tokens"]), Display.text(item["tokenName"]),
            ])
        }
        console.print(table.render())
        if let footer = Display.pagingFooter(response, noun: "executions") { console.print(footer) }
    }

    /// `812 in, 95 out` for an execution that used a model's tokens; `-` otherwise.
    static func modelTokens(_ tokens: JSONValue?) -> String {
        guard let input = tokens?["inputTokens"]?.integerValue, let output = tokens?["outputTokens"]?.integerValue else { return "-" }
        return "\(input) in, \(output) out"
    }
}
