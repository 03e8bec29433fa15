import ArgumentParser
import PlugboardCore

/// `plugboard bindings create CONNECTOR --action A [--action B ...]`.
struct BindingsCreate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Expose actions of a connector to agents as MCP tools.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    @Option(name: .customLong("action"), help: ArgumentHelp("An action to expose; repeat for more.", valueName: "name"))
    var actions: [String] = []

    func validate() throws {
        if actions.isEmpty { throw ValidationError("Name at least one action with --action NAME.") }
    }

    func run() async throws {
        let body: JSONValue = ["connectorId": .string(connector), "actions": .array(actions.map(JSONValue.string))]
        let response = try await server.client().post("\(app.path)/tool-bindings", body: body)
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Created tool binding \(Display.text(response.json["id"])) for \(connector): \(actions.joined(separator: ", ")).")
    }
}
