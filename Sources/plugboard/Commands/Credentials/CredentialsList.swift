import ArgumentParser

/// `plugboard credentials list`.
struct CredentialsList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an application's credentials.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions
    @OptionGroup var paging: PagingOptions

    func run() async throws {
        let response = try await server.client().get("\(app.path)/credentials", query: paging.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else {
            return console.print("No credentials in '\(app.application)'. Create one with: plugboard credentials create")
        }
        var table = Table([
            .init("NAME"), .init("KIND", maximumWidth: 20), .init("SECRETS SET", maximumWidth: 40), .init("EXPIRES"),
            .init("UPDATED"),
        ])
        for item in response.items {
            let secrets = (item["secretFields"]?.arrayValue ?? []).compactMap(\.stringValue)
            table.append([
                Display.text(item["name"]), Display.text(item["kind"]),
                secrets.isEmpty ? "-" : secrets.joined(separator: ", "), Display.timestamp(item["expiresAt"]),
                Display.timestamp(item["updatedAt"]),
            ])
        }
        console.print(table.render())
        if let footer = Display.pagingFooter(response, noun: "credentials") { console.print(footer) }
    }
}
