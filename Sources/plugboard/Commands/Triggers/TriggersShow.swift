import ArgumentParser
import PlugboardCore

/// `plugboard triggers show NAME`.
struct TriggersShow: APICommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a trigger: source, target, state and last error.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Trigger id or name.")
    var trigger: String

    func run() async throws {
        let response = try await server.client().get("\(app.path)/triggers/\(trigger.pathEscaped)")
        let console = Console()
        if server.json { return console.printJSON(response) }
        let json = response.json
        var lines = [
            "\(Display.text(json["name"]))  (\(Display.text(json["id"])))",
            "  source:      \(TriggerDisplay.source(json))",
            "  target:      \(TriggerDisplay.target(json))",
            "  state:       \(TriggerDisplay.state(json))",
            "  events:      \(Display.text(json["eventCount"])), last \(Display.timestamp(json["lastEventAt"]))",
        ]
        if let url = json["url"]?.stringValue { lines.append("  webhook URL: \(url)") }
        if let error = json["lastError"], error != .null {
            lines.append("  last error:  \(Display.text(error["code"])): \(Display.text(error["message"]))")
            lines.append("  retry at:    \(Display.timestamp(json["retryAt"]))")
        }
        console.print(lines.joined(separator: "\n"))
    }
}
