import ArgumentParser

/// `plugboard credentials kinds`: the kinds a credential can have and their fields.
struct CredentialsKinds: APICommand {
    static let configuration = CommandConfiguration(commandName: "kinds", abstract: "List credential kinds and their fields.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let response = try await server.client().get("/api/v1/credential-kinds")
        let console = Console()
        if server.json { return console.printJSON(response) }
        let sections = response.items.map { item in
            "\(Display.text(item["kind"])) (\(Display.text(item["displayName"]))):\n"
                + SchemaFieldTable.render(item["schema"] ?? .null)
        }
        console.print(sections.joined(separator: "\n\n"))
    }
}
