import ArgumentParser
import PlugboardCore

/// `plugboard connectors actions ID|NAME`: the actions a connector can run, its own included (OpenAPI operations,
/// SOAP operations, MCP tools), with what they promise.
struct ConnectorsActions: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "actions", abstract: "List the actions a connector can run, its own included (operations, tools).",
        discussion: "Run one with 'plugboard run CONNECTOR ACTION --input JSON'; --json prints every input schema.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    func run() async throws {
        let response = try await server.client().get("\(app.path)/connectors/\(connector.pathEscaped)/actions")
        let console = Console()
        if server.json { return console.printJSON(response) }
        var table = Table([.init("ACTION", maximumWidth: 40), .init("TRAITS", maximumWidth: 30), .init("DESCRIPTION", maximumWidth: 70)])
        for action in response.json["items"]?.arrayValue ?? [] {
            let title = action["title"]?.stringValue ?? ""
            let description = Display.text(title.isEmpty ? action["description"] : action["title"])
            table.append([Display.text(action["name"]), Display.traits(action["annotations"]), description])
        }
        console.print(table.render())
    }

}
