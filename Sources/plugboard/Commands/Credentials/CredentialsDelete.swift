import ArgumentParser

/// `plugboard credentials delete ID|NAME`: refused while connectors use it.
struct CredentialsDelete: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a credential (refused while connectors use it).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Credential id or name.")
    var credential: String

    func run() async throws {
        let response = try await server.client().delete("\(app.path)/credentials/\(credential.pathEscaped)")
        let console = Console()
        if server.json { return console.print(response.body.isEmpty ? "{}" : response.text) }
        console.print("Deleted credential \(credential).")
    }
}
