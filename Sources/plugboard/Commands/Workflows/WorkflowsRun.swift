import ArgumentParser
import Foundation
import PlugboardCore

/// `plugboard workflows run NAME --input JSON [--wait]`: starts a run and, with --wait, follows its steps live.
struct WorkflowsRun: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Start a run; --wait follows its steps as they finish and prints its output.",
        discussion: """
            Without --wait, prints the run's id and returns at once ('plugboard workflows runs' lists runs). With \
            --wait, prints each step as it finishes, then the run's output; the exit status is 6 when the run \
            failed and 5 when it was cancelled. --json prints the run as the server returns it.
            """)

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Workflow id or name.")
    var workflow: String

    @Option(help: ArgumentHelp("The run's input: inline JSON, @file, or - for standard input.", valueName: "json"))
    var input = "{}"

    @Flag(help: "Wait for the run to end, printing each step as it finishes.")
    var wait = false

    @Option(help: ArgumentHelp("With --wait: seconds to wait before giving up (the run goes on).", valueName: "seconds"))
    var timeout: Double = 600

    func validate() throws {
        if !JSONArgument(source: input, purpose: "--input").isReadableNow {
            throw ValidationError("--input is not valid JSON; pass a JSON object, @file or -.")
        }
    }

    func run() async throws {
        let client = try server.client()
        let document = try JSONArgument(source: input, purpose: "--input").load()
        let started = try await client.post("\(app.path)/workflows/\(workflow.pathEscaped)/runs", body: ["input": document])
        let console = Console()
        let runID = started.json["id"]?.stringValue ?? ""
        guard wait else {
            if server.json { return console.printJSON(started) }
            return console.print("Started run \(runID) of \(workflow) (\(Display.text(started.json["status"]))).")
        }
        if !server.json { console.print("Run \(runID) of \(workflow):") }
        var printed = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            // Each poll waits up to a second on the server for the run to end, so a short run costs one request.
            let current = try await client.get("\(app.path)/runs/\(runID.pathEscaped)", query: [("wait", "1")])
            let steps = current.json["steps"]?.arrayValue ?? []
            let finished = steps.prefix { ["succeeded", "failed", "skipped"].contains($0["status"]?.stringValue ?? "") }
            if !server.json {
                for step in finished.dropFirst(printed) { console.print("  " + RunTable.stepLine(step)) }
            }
            printed = max(printed, finished.count)
            let status = current.json["status"]?.stringValue ?? ""
            if ["succeeded", "failed", "cancelled"].contains(status) { return try report(current, console: console) }
            if Date() >= deadline {
                if server.json { return console.printJSON(current) }
                return console.print("Still \(status) after \(Int(timeout)) s; follow it with: plugboard workflows runs \(workflow)")
            }
        }
    }

    private func report(_ run: APIResponse, console: Console) throws {
        let status = run.json["status"]?.stringValue ?? ""
        if server.json {
            console.printJSON(run)
        } else {
            console.print("\(status == "succeeded" ? "Succeeded" : status == "failed" ? "Failed" : "Cancelled") in \(RunTable.duration(run.json)).")
            if status == "succeeded" { console.print(PrettyJSON.string(run.json["output"] ?? .null)) }
        }
        guard status == "succeeded" else {
            let error = run.json["error"] ?? ["code": "failed", "message": "The run failed."]
            throw CommandFailure(error: error, exitStatus: status == "cancelled" ? .rejected : .connectorFailed)
        }
    }
}
