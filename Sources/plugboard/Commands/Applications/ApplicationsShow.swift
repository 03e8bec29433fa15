import ArgumentParser

/// `plugboard applications show APP`.
struct ApplicationsShow: APICommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one application.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "Application id or name.")
    var application: String

    func run() async throws {
        let response = try await server.client().get("/api/v1/applications/\(application.pathEscaped)")
        let console = Console()
        if server.json { return console.printJSON(response) }
        let item = response.json
        console.print(Display.details([
            ("Name", Display.text(item["name"])), ("ID", Display.text(item["id"])),
            ("Created", Display.timestamp(item["createdAt"])),
        ]))
    }
}
