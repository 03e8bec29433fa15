import ArgumentParser

/// `plugboard applications list`.
struct ApplicationsList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List applications.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var paging: PagingOptions

    func run() async throws {
        let response = try await server.client().get("/api/v1/applications", query: paging.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else {
            return console.print("No applications yet. Create one with: plugboard applications create NAME")
        }
        var table = Table([.init("NAME"), .init("ID", maximumWidth: 40), .init("CREATED")])
        for item in response.items {
            table.append([Display.text(item["name"]), Display.text(item["id"]), Display.timestamp(item["createdAt"])])
        }
        console.print(table.render())
        if let footer = Display.pagingFooter(response, noun: "applications") { console.print(footer) }
    }
}
