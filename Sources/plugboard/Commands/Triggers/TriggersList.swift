import ArgumentParser
import PlugboardCore

/// `plugboard triggers list`.
struct TriggersList: APICommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List triggers with their state and last events.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    func run() async throws {
        let response = try await server.client().get("\(app.path)/triggers")
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else {
            return console.print("No triggers in '\(app.application)'. Create one with: plugboard triggers create NAME --webhook --workflow W")
        }
        var table = Table([
            .init("NAME", maximumWidth: 28), .init("SOURCE", maximumWidth: 24), .init("TARGET", maximumWidth: 40), .init("STATE"),
            .init("EVENTS"), .init("LAST EVENT"),
        ])
        for item in response.items {
            table.append([
                Display.text(item["name"]), TriggerDisplay.source(item), TriggerDisplay.target(item), TriggerDisplay.state(item),
                Display.text(item["eventCount"]), Display.timestamp(item["lastEventAt"]),
            ])
        }
        console.print(table.render())
    }
}

/// How triggers read in tables.
enum TriggerDisplay {
    static func source(_ trigger: JSONValue) -> String {
        let options = trigger["options"]
        switch trigger["source"]?.stringValue {
        case "schedule"?:
            if let cron = options?["cron"]?.stringValue { return "cron \(cron) \(options?["timeZone"]?.stringValue ?? "UTC")" }
            return "every \(Display.text(options?["interval"])) s"
        case let source?: return source
        case nil: return "-"
        }
    }

    static func target(_ trigger: JSONValue) -> String {
        if let url = trigger["target"]?["url"]?.stringValue { return url }
        return "workflow \(Display.text(trigger["target"]?["workflowName"] ?? trigger["target"]?["workflow"]))"
    }

    static func state(_ trigger: JSONValue) -> String {
        if trigger["paused"] == true { return "paused" }
        return Display.text(trigger["state"])
    }
}
