import Foundation
import PlugboardCore

/// How single values look in tables and detail views.
enum Display {
    /// `2025-01-31 14:05` in the local time zone; the text unchanged when it is not a timestamp; "-" when missing.
    static func timestamp(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, !text.isEmpty else { return "-" }
        guard let date = ISO8601.date(from: text) else { return text }
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    /// "read-only, idempotent": what an action's annotations promise, empty when nothing.
    static func traits(_ annotations: JSONValue?) -> String {
        var traits: [String] = []
        if annotations?["readOnly"] == .bool(true) { traits.append("read-only") }
        if annotations?["destructive"] == .bool(true) { traits.append("destructive") }
        if annotations?["idempotent"] == .bool(true) { traits.append("idempotent") }
        return traits.joined(separator: ", ")
    }

    /// A scalar as text: strings bare, other JSON compact, missing or null as "-".
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return "-"
        case .string(let string)?: return string.isEmpty ? "-" : string
        case let value?: return value.jsonString()
        }
    }

    /// A duration in milliseconds as "12 ms" or "1.4 s".
    static func duration(_ value: JSONValue?) -> String {
        guard let milliseconds = value?.doubleValue else { return "-" }
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
        return String(format: "%.1f s", milliseconds / 1000)
    }

    /// A byte count as "512 B", "3.2 KB", "1.1 MB".
    static func bytes(_ value: JSONValue?) -> String {
        guard let count = value?.doubleValue else { return "-" }
        if count < 1024 { return "\(Int(count)) B" }
        if count < 1024 * 1024 { return String(format: "%.1f KB", count / 1024) }
        return String(format: "%.1f MB", count / (1024 * 1024))
    }

    /// The text broken into lines of at most `width` characters, at spaces.
    static func wrap(_ text: String, width: Int = 78) -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// "yes" or "no".
    static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }

    /// Lines of `label: value` with the labels aligned, for `show` commands.
    static func details(_ pairs: [(String, String)]) -> String {
        let width = (pairs.map(\.0.count).max() ?? 0) + 1
        return pairs.map { label, value in
            let padded = (label + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0)
            return padded + value.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: width + 1))
        }.joined(separator: "\n")
    }

    /// "Showing 20 of 57 connectors; --offset 20 for more." when a list has more rows than it shows.
    static func pagingFooter(_ response: APIResponse, noun: String) -> String? {
        let shown = response.items.count
        guard let total = response.json["total"]?.integerValue else { return nil }
        let offset = Int(response.json["offset"]?.integerValue ?? 0)
        guard total > shown + offset || offset > 0 else { return nil }
        var text = "Showing \(offset + 1)–\(offset + shown) of \(total) \(noun)"
        if Int(total) > offset + shown { text += "; --offset \(offset + shown) for more" }
        return text + "."
    }
}
