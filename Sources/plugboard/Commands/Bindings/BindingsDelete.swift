import ArgumentParser

/// `plugboard bindings delete BINDING`.
struct BindingsDelete: APICommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Stop exposing a connector's actions to agents.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Binding id, or its connector's id or name.")
    var binding: String

    func run() async throws {
        let response = try await server.client().delete("\(app.path)/tool-bindings/\(binding.pathEscaped)")
        let console = Console()
        if server.json { return console.print(response.body.isEmpty ? "{}" : response.text) }
        console.print("Deleted tool binding \(binding).")
    }
}
