import ArgumentParser

/// `plugboard triggers resume NAME`.
struct TriggersResume: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume a paused trigger: it subscribes again.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Trigger id or name.")
    var trigger: String

    func run() async throws {
        let response = try await server.client().patch("\(app.path)/triggers/\(trigger.pathEscaped)", body: ["paused": false])
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Resumed trigger \(trigger).")
    }
}
