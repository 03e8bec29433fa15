import ArgumentParser
import PlugboardCore

/// `plugboard bindings update BINDING --action A [--action B ...]`: replaces the exposed actions.
struct BindingsUpdate: APICommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Replace the actions a tool binding exposes.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Binding id, or its connector's id or name.")
    var binding: String

    @Option(name: .customLong("action"), help: ArgumentHelp("An action to expose; repeat for more. Replaces the list.", valueName: "name"))
    var actions: [String] = []

    func validate() throws {
        if actions.isEmpty { throw ValidationError("Name at least one action with --action NAME.") }
    }

    func run() async throws {
        let body: JSONValue = ["actions": .array(actions.map(JSONValue.string))]
        let response = try await server.client().patch("\(app.path)/tool-bindings/\(binding.pathEscaped)", body: body)
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Updated tool binding \(Display.text(response.json["id"])): \(actions.joined(separator: ", ")).")
    }
}
