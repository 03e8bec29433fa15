import ArgumentParser

/// `plugboard triggers pause NAME`.
struct TriggersPause: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause a trigger: it unsubscribes, and its webhook refuses requests.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Trigger id or name.")
    var trigger: String

    func run() async throws {
        let response = try await server.client().patch("\(app.path)/triggers/\(trigger.pathEscaped)", body: ["paused": true])
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Paused trigger \(trigger).")
    }
}
