import ArgumentParser
import Foundation
import PlugboardCore

/// `plugboard keys rotate`: makes a new master key active and re-wraps every credential, online.
struct KeysRotate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Rotate the master key: re-wrap every credential under a new key, online.",
        discussion: """
            Shows progress as the server reports it (in place on a terminal, one line per step otherwise), then a \
            summary. Connectors keep working during the rotation. With --json, prints the server's progress \
            objects, one per line.
            """
    )

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let console = Console()
        var progress = RotationProgress(inPlace: Console.isTerminal && !server.json)
        let started = ContinuousClock.now
        try await server.client().stream(.POST, "/api/v1/keys/rotate") { (event, text) throws(CommandFailure) in
            if server.json {
                progress.record(event)
                console.print(text)
            } else {
                progress.show(event, console: console)
            }
            if event["phase"]?.stringValue == "failed" {
                throw CommandFailure(apiError: event["error"] ?? ["code": "internal_error"], httpStatus: 500)
            }
        }
        guard let keyID = progress.completedKeyID else {
            throw CommandFailure(
                code: "incomplete", message: "The server stopped reporting before the rotation completed.",
                cause: "The server restarted or the connection was cut.",
                fix: "Check 'plugboard keys status'; running 'plugboard keys rotate' again finishes the job.",
                exitStatus: .unexpected)
        }
        if server.json { return }
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.milliseconds
        console.print(
            "Rotated the master key: \(progress.total) credential(s) re-wrapped under key \(keyID) in "
                + Display.duration(.number(milliseconds)) + ".")
    }
}
