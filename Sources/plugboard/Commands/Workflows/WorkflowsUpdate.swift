import ArgumentParser
import PlugboardCore

/// `plugboard workflows update NAME --definition JSON|@file|-`: members given replace the stored ones.
struct WorkflowsUpdate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a workflow: the members given (name, description, steps, …) replace the stored ones.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Workflow id or name.")
    var workflow: String

    @Option(help: ArgumentHelp("The changes: inline JSON, @file, or - for standard input.", valueName: "json"))
    var definition: String

    func run() async throws {
        let body = try JSONArgument(source: definition, purpose: "--definition").load()
        let response = try await server.client().patch("\(app.path)/workflows/\(workflow.pathEscaped)", body: body)
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Updated workflow \(Display.text(response.json["name"])) to version \(Display.text(response.json["version"])).")
    }
}
