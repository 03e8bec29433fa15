import PlugboardCore

/// Renders `keys rotate` progress events: a bar redrawn in place on a terminal, plain lines otherwise.
struct RotationProgress: Sendable {
    var inPlace: Bool
    private(set) var total = 0
    private(set) var done = 0
    private(set) var completedKeyID: String?
    private var lineOpen = false

    init(inPlace: Bool) {
        self.inPlace = inPlace
    }

    /// Takes in one event's facts without printing anything (for `--json`, which prints the events themselves).
    mutating func record(_ event: JSONValue) {
        if let total = event["total"]?.integerValue { self.total = Int(total) }
        switch event["phase"]?.stringValue {
        case "rewrapping": done = Int(event["done"]?.integerValue ?? Int64(done))
        case "completed":
            done = total
            completedKeyID = event["keyId"]?.stringValue ?? "?"
        default: break
        }
    }

    /// Records the event and prints it.
    mutating func show(_ event: JSONValue, console: Console) {
        record(event)
        switch event["phase"]?.stringValue {
        case "started":
            line("Re-wrapping \(total) credential(s) under a new key…", console: console, final: true)
        case "rewrapping":
            line(bar(), console: console, final: false)
        case "completed":
            if inPlace { line(bar(), console: console, final: true) } else { line("completed: \(done)/\(total)", console: console, final: true) }
        case "failed":
            closeLine(console)
        default:
            line(event.jsonString(), console: console, final: true)
        }
    }

    private func bar() -> String {
        let width = 30
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        guard inPlace else { return "re-wrapped \(done)/\(total)" }
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "\(done)/\(total) (\(Int((fraction * 100).rounded(.down)))%)"
    }

    private mutating func line(_ text: String, console: Console, final: Bool) {
        if inPlace {
            console.printInPlace("\r\u{1B}[2K" + text + (final ? "\n" : ""))
            lineOpen = !final
        } else {
            console.print(text)
        }
    }

    private mutating func closeLine(_ console: Console) {
        if lineOpen { console.printInPlace("\n") }
        lineOpen = false
    }
}
