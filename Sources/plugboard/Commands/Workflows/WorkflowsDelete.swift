import ArgumentParser

/// `plugboard workflows delete NAME`.
struct WorkflowsDelete: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a workflow; refused while a trigger or another workflow uses it. Its runs stay in the history.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Workflow id or name.")
    var workflow: String

    func run() async throws {
        let response = try await server.client().delete("\(app.path)/workflows/\(workflow.pathEscaped)")
        let console = Console()
        if server.json { return console.print(response.body.isEmpty ? "{}" : response.text) }
        console.print("Deleted workflow \(workflow).")
    }
}
