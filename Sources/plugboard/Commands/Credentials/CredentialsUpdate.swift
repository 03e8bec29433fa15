import ArgumentParser
import PlugboardCore

/// `plugboard credentials update ID|NAME [--name N] [--field key=value ...]`.
struct CredentialsUpdate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Rename a credential or replace field values.",
        discussion: "Connectors using the credential pick up the new values on their next execution.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Credential id or name.")
    var credential: String

    @Option(help: "A new name.")
    var name: String?

    @OptionGroup var fields: CredentialFieldOptions

    func validate() throws {
        if name == nil, fields.isEmpty { throw ValidationError("Nothing to change: pass --name, --field or --field-stdin.") }
        if name?.isEmpty == true { throw ValidationError("--name cannot be empty.") }
    }

    func run() async throws {
        let values = try fields.values()
        let client = server.client()
        let path = "\(app.path)/credentials/\(credential.pathEscaped)"
        var console = Console(secrets: values.map(\.1))
        var body = JSONObject()
        if let name { body["name"] = .string(name) }
        if !values.isEmpty { body["fields"] = .object(JSONObject(values.map { ($0.0, JSONValue.string($0.1)) })) }
        let response: APIResponse
        do {
            response = try await client.patch(path, body: .object(body))
        } catch {
            throw error.redacting(console.redactor)
        }
        console = Console(secrets: CredentialFieldOptions.secrets(in: values, kind: response.json["kind"]?.stringValue))
        if server.json { return console.printJSON(response) }
        console.print("Updated credential \(Display.text(response.json["name"])).")
    }
}
