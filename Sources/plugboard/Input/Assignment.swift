import ArgumentParser
import Foundation

/// One `key=value` argument, as `--field` and `--option` take them.
///
/// A value `@path` is read from that file (one trailing newline dropped); `@@text` stands for the literal `@text`.
struct Assignment: Sendable, ExpressibleByArgument {
    var key: String
    /// The value as typed; see `resolvedValue()`.
    var rawValue: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        key = String(argument[..<equals])
        rawValue = String(argument[argument.index(after: equals)...])
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// Whether the value names a file to read.
    var readsFile: Bool { rawValue.hasPrefix("@") && !rawValue.hasPrefix("@@") }

    /// The value, with a file read and the `@@` escape undone.
    func resolvedValue() throws(CommandFailure) -> String {
        if rawValue.hasPrefix("@@") { return String(rawValue.dropFirst()) }
        guard readsFile else { return rawValue }
        return try LocalInput.file(String(rawValue.dropFirst()), for: key)
    }
}
