import ArgumentParser

/// `plugboard tokens list`.
struct TokensList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List API tokens (never their values).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var paging: PagingOptions

    func run() async throws {
        let response = try await server.client().get("/api/v1/tokens", query: paging.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        var table = Table([
            .init("NAME"), .init("ROLE"), .init("APPLICATION", maximumWidth: 32), .init("CREATED"), .init("LAST USED"),
            .init("ID", maximumWidth: 40),
        ])
        for item in response.items {
            table.append([
                Display.text(item["name"]), Display.text(item["role"]),
                item["applicationId"]?.stringValue == nil ? "(all)" : Display.text(item["applicationName"] ?? item["applicationId"]),
                Display.timestamp(item["createdAt"]), Display.timestamp(item["lastUsedAt"]), Display.text(item["id"]),
            ])
        }
        console.print(table.render())
        if let footer = Display.pagingFooter(response, noun: "tokens") { console.print(footer) }
    }
}
