import ArgumentParser
import PlugboardCore

/// `plugboard run CONNECTOR ACTION --input JSON|@file|-`: performs one action and prints its output.
struct Run: APICommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a connector's action and print its output.",
        discussion: """
            The input is checked against the action's input schema ('plugboard \
            types show TYPE' lists it). Prints the action's output as JSON; --json \
            prints the whole response (executionId, durationMs, output).

            Examples:
              plugboard run -a demo api request --input '{"path": "/status"}'
              plugboard run -a demo api request --input @request.json
              echo '{"path": "/status"}' | plugboard run -a demo api request --input -
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    @Argument(help: "The action's name, e.g. request.")
    var action: String

    @Option(help: ArgumentHelp("The action's input: inline JSON, @file, or - for standard input.", valueName: "json"))
    var input = "{}"

    @OptionGroup var deadline: TimeoutOptions

    func validate() throws {
        if !JSONArgument(source: input, purpose: "--input").isReadableNow {
            throw ValidationError("--input is not valid JSON; pass a JSON object, @file or -.")
        }
    }

    func run() async throws {
        let document = try JSONArgument(source: input, purpose: "--input").load()
        let path = "\(app.path)/connectors/\(connector.pathEscaped)/actions/\(action.pathEscaped)"
        // Interrupting the CLI (Ctrl-C) closes the connection; this asks the server to cancel the execution then.
        let response = try await server.client().post(
            path, query: deadline.query, body: document,
            headers: [("Plugboard-Cancel-On-Disconnect", "true")])
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print(PrettyJSON.string(response.json["output"] ?? .null))
    }
}
