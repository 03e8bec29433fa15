import ArgumentParser

/// `plugboard connectors list [--type T] [--name N]`.
struct ConnectorsList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an application's connectors.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Option(help: "Only connectors of this type (e.g. plugboard.nodes.rest, or rest).")
    var type: String?

    @Option(help: "Only connectors whose name matches.")
    var name: String?

    @OptionGroup var paging: PagingOptions

    func run() async throws {
        let query = [("type", type.map(ConnectorReferences.typeID)), ("name", name)] + paging.query
        let response = try await server.client().get("\(app.path)/connectors", query: query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else {
            let filtered = type != nil || name != nil
            return console.print(
                filtered ? "No connectors match." : "No connectors in '\(app.application)'. Create one with: plugboard connectors create")
        }
        var table = Table([
            .init("NAME", maximumWidth: 32), .init("DESCRIPTION", maximumWidth: 40), .init("RESOURCE", maximumWidth: 36),
            .init("CREDENTIAL", maximumWidth: 24), .init("CREATED"),
        ])
        for item in response.items {
            table.append([
                Display.text(item["name"]), Display.text(item["description"]), Display.text(item["type"]),
                Display.text(item["credentialName"] ?? item["credentialId"]), Display.timestamp(item["createdAt"]),
            ])
        }
        console.print(table.render())
        if let footer = Display.pagingFooter(response, noun: "connectors") { console.print(footer) }
    }
}
