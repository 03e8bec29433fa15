import ArgumentParser

/// `plugboard workflows list`.
struct WorkflowsList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an application's workflows.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    func run() async throws {
        let response = try await server.client().get("\(app.path)/workflows")
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else {
            return console.print("No workflows in '\(app.application)'. Create one with: plugboard workflows create --definition @workflow.json")
        }
        var table = Table([.init("NAME", maximumWidth: 32), .init("STEPS", maximumWidth: 60), .init("VERSION"), .init("UPDATED")])
        for item in response.items {
            let steps = item["steps"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.joined(separator: " → ") ?? ""
            table.append([Display.text(item["name"]), steps, Display.text(item["version"]), Display.timestamp(item["updatedAt"])])
        }
        console.print(table.render())
    }
}
