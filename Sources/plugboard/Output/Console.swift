import Foundation
import PlugboardCore

/// Writes what a command prints, masking any secret the command was given.
struct Console: Sendable {
    /// Masks the secrets this command was handed (credential fields), so nothing echoes them back.
    var redactor = Redactor(secrets: [])

    init(secrets: [String] = []) {
        redactor = Redactor(secrets: secrets)
    }

    /// Whether standard output is a terminal (progress updates in place there).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Prints a line (or several) on standard output.
    func print(_ text: String) {
        write(redactor.redact(text) + "\n", to: FileHandle.standardOutput)
    }

    /// Prints text on standard output without a newline (progress lines).
    func printInPlace(_ text: String) {
        write(redactor.redact(text), to: FileHandle.standardOutput)
    }

    /// Prints JSON as the server sent it.
    func printJSON(_ response: APIResponse) {
        print(response.text.trimmingCharacters(in: .newlines))
    }

    /// Prints a line on standard error.
    func printError(_ text: String) {
        write(redactor.redact(text) + "\n", to: FileHandle.standardError)
    }

    /// Reports a failure on standard error, readable or as the JSON error envelope.
    func report(_ failure: CommandFailure, json: Bool) {
        let failure = failure.redacting(redactor)
        if json {
            printError(failure.envelope.jsonString())
        } else {
            printError(failure.readableLines.joined(separator: "\n"))
        }
    }

    private func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
