import PlugboardCore

/// A JSON document given on the command line: inline, `@file`, or `-` for standard input.
struct JSONArgument: Sendable {
    var source: String
    /// What the document is for, in messages ("--input", "--options").
    var purpose: String

    /// Reads and parses the document.
    func load() throws(CommandFailure) -> JSONValue {
        let text: String
        if source == "-" {
            text = LocalInput.standardInput()
        } else if source.hasPrefix("@") {
            text = try LocalInput.file(String(source.dropFirst()), for: purpose)
        } else {
            text = source
        }
        return try Self.parse(text, purpose: purpose)
    }

    /// Parses inline text, or reports where it stops being JSON.
    static func parse(_ text: String, purpose: String) throws(CommandFailure) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw .usage("\(purpose) is not valid JSON: \(error).", fix: "Quote the JSON for your shell, e.g. --input '{\"path\": \"/\"}'.")
        }
    }

    /// Whether inline text parses; files and standard input are read later, in `run()`.
    var isReadableNow: Bool {
        source == "-" || source.hasPrefix("@") || (try? JSONParser.parse(source)) != nil
    }
}
