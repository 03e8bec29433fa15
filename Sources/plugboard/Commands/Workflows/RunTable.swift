import Foundation
import PlugboardCore

/// How runs and their steps are printed.
enum RunTable {
    /// A table of runs: id, workflow, status, who started it, when, how long.
    static func render(_ runs: [JSONValue]) -> String {
        var table = Table([
            .init("RUN"), .init("WORKFLOW", maximumWidth: 28), .init("STATUS"), .init("STARTED BY", maximumWidth: 28), .init("CREATED"),
            .init("DURATION"), .init("ERROR", maximumWidth: 40),
        ])
        for run in runs {
            table.append([
                Display.text(run["id"]), Display.text(run["workflowName"]), Display.text(run["status"]), Display.text(run["startedBy"]),
                Display.timestamp(run["createdAt"]), duration(run), Display.text(run["error"]?["code"]),
            ])
        }
        return table.render()
    }

    /// One step's line as a run progresses: a mark, the name, its status, duration and tries, and its error.
    static func stepLine(_ step: JSONValue) -> String {
        let status = step["status"]?.stringValue ?? "?"
        let mark = ["succeeded": "✓", "failed": "✗", "skipped": "–"][status] ?? "·"
        var line = "\(mark) \(Display.text(step["name"]))  \(status)"
        if step["durationMs"] != nil { line += "  \(Display.duration(step["durationMs"]))" }
        if let attempts = step["attempts"]?.integerValue, attempts > 1 { line += "  (\(attempts) tries)" }
        if let message = step["error"]?["message"]?.stringValue { line += "\n    \(step["error"]?["code"]?.stringValue ?? "error"): \(message)" }
        return line
    }

    /// Wall time from start to end (or to now, while it runs).
    static func duration(_ run: JSONValue) -> String {
        guard let start = run["startedAt"]?.stringValue.flatMap(ISO8601.date(from:)) else { return "-" }
        let end = run["finishedAt"]?.stringValue.flatMap(ISO8601.date(from:)) ?? Date()
        return Display.duration(.number(end.timeIntervalSince(start) * 1000))
    }
}
