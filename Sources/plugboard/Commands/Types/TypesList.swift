import ArgumentParser

/// `plugboard types list`.
struct TypesList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List connector types.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let response = try await server.client().get("/api/v1/connector-types")
        let console = Console()
        if server.json { return console.printJSON(response) }
        var table = Table([
            .init("RESOURCE", maximumWidth: 36), .init("NAME", maximumWidth: 24), .init("CATEGORY", maximumWidth: 24),
            .init("ACTIONS", maximumWidth: 36), .init("DESCRIPTION", maximumWidth: 50),
        ])
        for item in response.items {
            let actions = (item["actions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            table.append([
                Display.text(item["id"]), Display.text(item["displayName"]), Display.text(item["category"]),
                actions.joined(separator: ", "), Display.text(item["description"]),
            ])
        }
        console.print(table.render())
    }
}
