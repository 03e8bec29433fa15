import ArgumentParser
import PlugboardCore

/// `plugboard workflows create --definition JSON|@file|-`.
struct WorkflowsCreate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a workflow from its definition: {\"name\", \"description\", \"steps\": [...]}.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Option(help: ArgumentHelp("The definition: inline JSON, @file, or - for standard input.", valueName: "json"))
    var definition: String

    func run() async throws {
        let body = try JSONArgument(source: definition, purpose: "--definition").load()
        let response = try await server.client().post("\(app.path)/workflows", body: body)
        let console = Console()
        if server.json { return console.printJSON(response) }
        let steps = response.json["steps"]?.arrayValue?.count ?? 0
        console.print("Created workflow \(Display.text(response.json["name"])) (\(Display.text(response.json["id"]))) with \(steps) step(s).")
    }
}
