import ArgumentParser

/// `plugboard workflows runs [NAME]`: the run history, newest first.
struct WorkflowsRuns: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List runs, newest first: one workflow's, or every workflow's.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Workflow id or name; omit for every workflow.")
    var workflow: String?

    @OptionGroup var paging: PagingOptions

    func run() async throws {
        let path = workflow.map { "\(app.path)/workflows/\($0.pathEscaped)/runs" } ?? "\(app.path)/runs"
        let response = try await server.client().get(path, query: paging.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else { return console.print("No runs yet.") }
        console.print(RunTable.render(response.items))
        if let footer = Display.pagingFooter(response, noun: "runs") { console.print(footer) }
    }
}
