import ArgumentParser

/// `plugboard triggers delete NAME`.
struct TriggersDelete: APICommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Unsubscribe and delete a trigger with its events.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Trigger id or name.")
    var trigger: String

    func run() async throws {
        let response = try await server.client().delete("\(app.path)/triggers/\(trigger.pathEscaped)")
        let console = Console()
        if server.json { return console.print(response.body.isEmpty ? "{}" : response.text) }
        console.print("Deleted trigger \(trigger).")
    }
}
