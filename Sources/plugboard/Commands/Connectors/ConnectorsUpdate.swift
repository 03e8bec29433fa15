import ArgumentParser
import PlugboardCore

/// `plugboard connectors update ID|NAME [--name] [--description] [--option ...] [--credential C | --no-credential]`.
struct ConnectorsUpdate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a connector's name, description, connection fields or credential.",
        discussion: """
            --option values apply on top of the current connection fields; --options replaces them all. \
            New connection details apply to the next execution; executions in flight finish on the old ones.
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    @Option(help: "A new name.")
    var name: String?

    @Option(help: "A new description.")
    var description: String?

    @OptionGroup var options: ConnectorOptionsInput

    @Option(help: ArgumentHelp("Use this credential, by id or name.", valueName: "id|name"))
    var credential: String?

    @Flag(help: "Detach the credential.")
    var noCredential = false

    func validate() throws {
        if credential != nil, noCredential { throw ValidationError("Pass either --credential or --no-credential.") }
        if name == nil, description == nil, options.isEmpty, credential == nil, !noCredential {
            throw ValidationError("Nothing to change: pass --name, --description, --option(s) or --credential.")
        }
        if name?.isEmpty == true { throw ValidationError("--name cannot be empty.") }
    }

    func run() async throws {
        let client = server.client()
        let path = "\(app.path)/connectors/\(connector.pathEscaped)"
        var body = JSONObject()
        if let name { body["name"] = .string(name) }
        if let description { body["description"] = .string(description) }
        if !options.isEmpty {
            let current = try await client.get(path).json
            let typeID = current["type"]?.stringValue ?? ""
            let schema = await ConnectorReferences.optionsSchema(typeID, client: client)
            body["options"] = .object(try options.build(base: current["options"]?.objectValue ?? [:], schema: schema))
        }
        if let credential {
            body["credentialId"] = .string(
                try await ConnectorReferences.credentialID(credential, client: client, applicationPath: app.path))
        }
        if noCredential { body["credentialId"] = .null }
        let response = try await client.patch(path, body: .object(body))
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print(
            "Updated connector \(Display.text(response.json["name"])) (version \(Display.text(response.json["version"]))).")
    }
}
