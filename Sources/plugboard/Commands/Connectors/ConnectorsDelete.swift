import ArgumentParser

/// `plugboard connectors delete ID|NAME`: refused while triggers, workflows or agent tools use it.
struct ConnectorsDelete: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a connector (refused while it has dependents).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    func run() async throws {
        let response = try await server.client().delete("\(app.path)/connectors/\(connector.pathEscaped)")
        let console = Console()
        if server.json { return console.print(response.body.isEmpty ? "{}" : response.text) }
        console.print("Deleted connector \(connector).")
    }
}
