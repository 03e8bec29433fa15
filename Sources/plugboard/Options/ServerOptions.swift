import ArgumentParser
import Foundation

/// Where the API is and how to talk to it: shared by every command that calls the server.
struct ServerOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(
        name: .customLong("server"),
        help: ArgumentHelp("Plugboard server URL (env: PLUGBOARD_SERVER; default \(Self.defaultServer)).", valueName: "url"))
    var serverOption: String?

    @Option(
        name: .customLong("token"),
        help: ArgumentHelp("API token (env: PLUGBOARD_TOKEN; prefer the variable: options show in `ps`).", valueName: "token"))
    var tokenOption: String?

    @Flag(help: "Print the server's JSON instead of a table; errors print as JSON on stderr.")
    var json = false

    /// The server URL from the option, the environment or the default.
    var server: String {
        serverOption ?? Environment.value("PLUGBOARD_SERVER") ?? Self.defaultServer
    }

    /// The token from the option or the environment.
    var token: String? {
        tokenOption ?? Environment.value("PLUGBOARD_TOKEN")
    }

    func validate() throws {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ValidationError("'\(server)' is not a server URL; expected something like \(Self.defaultServer).")
        }
    }

    /// The API client for these options.
    func client() -> APIClient {
        APIClient(server: server, token: token)
    }
}
