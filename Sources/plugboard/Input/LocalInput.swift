import Foundation

/// Reads values the user points at: files and standard input.
enum LocalInput {
    /// The contents of `path` as text, without one trailing newline.
    static func file(_ path: String, for purpose: String) throws(CommandFailure) -> String {
        let expanded = NSString(string: path).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw .usage("Cannot read '\(path)' (for \(purpose)).", fix: "Check the path exists and is readable.")
        }
        return trimmingOneNewline(String(decoding: data, as: UTF8.self))
    }

    /// All of standard input as text.
    static func standardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Values for `keys` from standard input: all of it for one key, one line each for several.
    static func standardInputValues(for keys: [String]) throws(CommandFailure) -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        let text = standardInput()
        if keys.count == 1 { return [keys[0]: trimmingOneNewline(text)] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard lines.count >= keys.count else {
            throw .usage(
                "Standard input has \(lines.count) line(s) but \(keys.count) --field-stdin keys need one line each.")
        }
        return Dictionary(uniqueKeysWithValues: zip(keys, lines))
    }

    static func trimmingOneNewline(_ text: String) -> String {
        if text.hasSuffix("\r\n") { return String(text.dropLast(2)) }
        if text.hasSuffix("\n") { return String(text.dropLast()) }
        return text
    }
}
