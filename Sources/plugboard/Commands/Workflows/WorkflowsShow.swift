import ArgumentParser
import PlugboardCore

/// `plugboard workflows show NAME`: the steps, then the latest runs.
struct WorkflowsShow: APICommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a workflow's steps and its latest runs.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Workflow id or name.")
    var workflow: String

    func run() async throws {
        let client = try server.client()
        let response = try await client.get("\(app.path)/workflows/\(workflow.pathEscaped)")
        let console = Console()
        if server.json { return console.printJSON(response) }
        let json = response.json
        console.print("\(Display.text(json["name"]))  (\(Display.text(json["id"])), version \(Display.text(json["version"])))")
        if let description = json["description"]?.stringValue, !description.isEmpty { console.print(Display.wrap(description)) }
        var steps = Table([.init("#"), .init("STEP", maximumWidth: 24), .init("RUNS", maximumWidth: 40), .init("CONTROL", maximumWidth: 40)])
        for (index, step) in (json["steps"]?.arrayValue ?? []).enumerated() {
            let runs = step["workflow"].map { "workflow \(Display.text($0))" }
                ?? "\(Display.text(step["connectorName"] ?? step["connector"])).\(Display.text(step["action"]))"
            var control: [String] = []
            if let condition = step["if"]?.stringValue { control.append("if \(condition)") }
            if let list = step["forEach"]?.stringValue { control.append("for each \(list)") }
            if let attempts = step["retry"]?["attempts"] { control.append("\(Display.text(attempts)) tries") }
            if step["onError"] == "continue" { control.append("continue on error") }
            steps.append(["\(index + 1)", Display.text(step["name"]), runs, control.joined(separator: "; ")])
        }
        console.print("")
        console.print(steps.render())
        let runs = try await client.get("\(app.path)/workflows/\(workflow.pathEscaped)/runs", query: [("limit", "5")])
        console.print("")
        guard !runs.items.isEmpty else { return console.print("No runs yet. Start one with: plugboard workflows run \(workflow) --wait") }
        console.print(RunTable.render(runs.items))
    }
}
