import ArgumentParser
import PlugboardCore

/// `plugboard bindings list`.
struct BindingsList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an application's agent tool bindings.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    func run() async throws {
        let response = try await server.client().get("\(app.path)/tool-bindings")
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else {
            return console.print("No tool bindings in '\(app.application)'. Create one with: plugboard bindings create CONNECTOR --action NAME")
        }
        var table = Table([.init("ID"), .init("CONNECTOR", maximumWidth: 32), .init("ACTIONS", maximumWidth: 60), .init("CREATED")])
        for item in response.items {
            let actions = item["actions"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
            table.append([
                Display.text(item["id"]), Display.text(item["connectorName"] ?? item["connectorId"]), actions, Display.timestamp(item["createdAt"]),
            ])
        }
        console.print(table.render())
    }
}
