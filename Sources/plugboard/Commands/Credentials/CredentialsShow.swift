import ArgumentParser
import PlugboardCore

/// `plugboard credentials show ID|NAME`: public fields and which secret fields are set, never their values.
struct CredentialsShow: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a credential (which secret fields are set, never their values).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Credential id or name.")
    var credential: String

    func run() async throws {
        let response = try await server.client().get("\(app.path)/credentials/\(credential.pathEscaped)")
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print(Self.details(response.json))
    }

    /// The credential as aligned `label: value` lines.
    static func details(_ item: JSONValue) -> String {
        let fields = (item["fields"]?.objectValue ?? [:]).map { "\($0.key)=\(Display.text($0.value))" }
        let secrets = (item["secretFields"]?.arrayValue ?? []).compactMap(\.stringValue)
        return Display.details([
            ("Name", Display.text(item["name"])), ("ID", Display.text(item["id"])), ("Kind", Display.text(item["kind"])),
            ("Fields", fields.isEmpty ? "-" : fields.joined(separator: "\n")),
            ("Secret fields set", secrets.isEmpty ? "-" : secrets.joined(separator: ", ")),
            ("Expires", Display.timestamp(item["expiresAt"])), ("Created", Display.timestamp(item["createdAt"])),
            ("Updated", Display.timestamp(item["updatedAt"])),
        ])
    }
}
