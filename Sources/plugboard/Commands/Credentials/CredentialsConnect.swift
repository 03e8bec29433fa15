import ArgumentParser
import Foundation
import PlugboardCore

/// `plugboard credentials connect ID|NAME`: signs an OAuth2 credential in (authorization code with PKCE). Opens the
/// provider's consent page in a browser, then waits until the server says the credential is signed in.
struct CredentialsConnect: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Sign an OAuth2 credential in: open the provider's consent page and wait for the answer.",
        discussion: """
            The credential needs grantType authorization_code, an authorizeUrl and a tokenUrl. The provider must \
            have the redirect URI printed here registered for the client. Exits 0 once signed in, 6 when the \
            sign-in did not finish in time.
            """)

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Credential id or name.")
    var credential: String

    @Flag(name: .customLong("no-browser"), help: "Print the address only; open it yourself (on another machine, say).")
    var noBrowser = false

    @Flag(name: .customLong("no-wait"), help: "Print the address and return without waiting for the sign-in.")
    var noWait = false

    func run() async throws {
        let client = server.client()
        let path = "\(app.path)/credentials/\(credential.pathEscaped)"
        let before = try await client.get(path).json["fields"]?["connectedAt"]?.stringValue
        let started = try await client.post(path + "/connect")
        let console = Console()
        if server.json, noWait { return console.printJSON(started) }
        let address = Display.text(started.json["authorizationUrl"])
        let expiry = started.json["expiresAt"]?.stringValue.flatMap(ISO8601.date(from:)) ?? Date().addingTimeInterval(600)
        if !server.json {
            console.print("Open this address to sign in (the provider sends you back to \(Display.text(started.json["redirectUri"]))):")
            console.print("  \(address)")
        }
        if !noBrowser { Self.openInBrowser(address) }
        if noWait { return }
        let waiting = Console.isTerminal && !server.json
        while Date() < expiry {
            if waiting { console.printInPlace("\rWaiting for the sign-in… \(Int(expiry.timeIntervalSinceNow)) s left ") }
            try await Task.sleep(for: .seconds(1))
            let latest = try await client.get(path)
            guard latest.json["fields"]?["connectedAt"]?.stringValue != before else { continue }
            if waiting { console.printInPlace("\r\u{1B}[K") }
            if server.json { return console.printJSON(latest) }
            let who = latest.json["fields"]?["connectedAs"]?.stringValue
            return console.print("Signed in\(who.map { " as \($0)" } ?? ""). Plugboard refreshes the token from now on.")
        }
        if waiting { console.printInPlace("\n") }
        throw CommandFailure(
            code: "timed_out", message: "Nobody finished the sign-in before it expired.",
            fix: "Run plugboard credentials connect \(credential) again and finish the sign-in within 10 minutes.",
            exitStatus: .connectorFailed)
    }

    /// Hands the address to the desktop's browser (xdg-open, or open on macOS); without one, the printed address serves.
    static func openInBrowser(_ address: String) {
        for opener in ["/usr/bin/xdg-open", "/usr/bin/open"] where FileManager.default.isExecutableFile(atPath: opener) {
            if (try? Subprocess.run(opener, [address], output: .null, error: .null)) != nil { return }
        }
    }
}
