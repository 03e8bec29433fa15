import ArgumentParser

/// `plugboard workflows cancel RUN`.
struct WorkflowsCancel: APICommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued or running run.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "The run's id.")
    var run: String

    func run() async throws {
        let response = try await server.client().post("\(app.path)/runs/\(run.pathEscaped)/cancel", body: nil)
        let console = Console()
        if server.json { return console.printJSON(response) }
        let status = response.json["status"]?.stringValue ?? ""
        console.print(status == "cancelled" ? "Cancelled run \(run)." : "Asked run \(run) to stop; it ends after its current step call returns.")
    }
}
