import ArgumentParser

/// `plugboard connectors dependents ID|NAME`: the triggers, workflow nodes and agent tools that use a connector.
struct ConnectorsDependents: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "dependents", abstract: "List what uses a connector (it cannot be deleted while anything does).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    func run() async throws {
        let response = try await server.client().get("\(app.path)/connectors/\(connector.pathEscaped)/dependents")
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else { return console.print("Nothing uses \(connector).") }
        var table = Table([.init("KIND", maximumWidth: 20), .init("NAME"), .init("ID")])
        for item in response.items {
            table.append([Display.text(item["kind"]), Display.text(item["name"]), Display.text(item["id"])])
        }
        console.print(table.render())
    }
}
