import ArgumentParser

/// `plugboard tokens delete ID`: revokes a token at once.
struct TokensDelete: APICommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Revoke an API token.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The token's id (see 'plugboard tokens list').")
    var id: String

    func run() async throws {
        let response = try await server.client().delete("/api/v1/tokens/\(id.pathEscaped)")
        let console = Console()
        if server.json { return console.print(response.body.isEmpty ? "{}" : response.text) }
        console.print("Revoked token \(id).")
    }
}
