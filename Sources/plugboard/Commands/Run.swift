import ArgumentParser
import PlugboardCore

/// `plugboard run CONNECTOR ACTION --input JSON|@file|-`: performs one action and prints its output.
struct Run: APICommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a connector's action and print its output.",
        discussion: """
            The input is checked against the action's input schema ('plugboard \
            types show TYPE' lists it). Prints the action's output as JSON; --json \
            prints the whole response (executionId, durationMs, output). An action \
            that streams (an LLM's chat) prints its text as it is written, then \
            the output.

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
        let console = Console()
        if server.json {
            // Interrupting the CLI (Ctrl-C) closes the connection; this asks the server to cancel the execution then.
            let response = try await server.client().post(
                path, query: deadline.query, body: document, headers: [("Plugboard-Cancel-On-Disconnect", "true")])
            return console.printJSON(response)
        }
        // As events, the text an action streams is printed while it comes; the server stops the execution when the
        // CLI goes away.
        var streamed = false
        try await server.client().events(.POST, path, query: deadline.query, body: document) { name, data throws(CommandFailure) in
            switch name {
            case "delta":
                if let text = data["text"]?.stringValue {
                    console.printInPlace(text)
                    streamed = true
                }
            case "result":
                if streamed { console.print("\n") }
                console.print(PrettyJSON.string(data["output"] ?? .null))
            case "error":
                if streamed { console.print("") }
                throw CommandFailure(apiError: data["error"] ?? .null, httpStatus: 200)
            default:
                break
            }
        }
    }
}
