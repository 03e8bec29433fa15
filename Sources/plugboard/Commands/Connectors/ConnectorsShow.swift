import ArgumentParser
import PlugboardCore

/// `plugboard connectors show ID|NAME`.
struct ConnectorsShow: APICommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a connector.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    func run() async throws {
        let response = try await server.client().get("\(app.path)/connectors/\(connector.pathEscaped)")
        let console = Console()
        if server.json { return console.printJSON(response) }
        let item = response.json
        console.print(Display.details([
            ("Name", Display.text(item["name"])), ("ID", Display.text(item["id"])),
            ("Description", Display.text(item["description"])), ("Resource", Display.text(item["type"])),
            ("Credential", Display.text(item["credentialName"] ?? item["credentialId"])),
            ("Version", Display.text(item["version"])), ("Created", Display.timestamp(item["createdAt"])),
            ("Updated", Display.timestamp(item["updatedAt"])),
            ("Options", PrettyJSON.string(item["options"] ?? .object([:]))),
        ]))
    }
}
