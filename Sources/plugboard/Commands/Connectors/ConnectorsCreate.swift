import ArgumentParser
import PlugboardCore

/// `plugboard connectors create --type T --name N [--option key=value ...] [--credential C]`.
struct ConnectorsCreate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a connector.",
        discussion: """
            Example:
              plugboard connectors create -a demo --type plugboard.nodes.rest \\
                  --name github --description "GitHub API" \\
                  --option baseUrl=https://api.github.com \\
                  --option headers.Accept=application/vnd.github+json \\
                  --credential github-token
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Option(help: "Connector type, e.g. plugboard.nodes.rest (or rest); see 'plugboard types list'.")
    var type: String

    @Option(help: "The connector's name, unique in the application.")
    var name: String

    @Option(help: "What the connector is for.")
    var description: String?

    @OptionGroup var options: ConnectorOptionsInput

    @Option(help: ArgumentHelp("The credential to use, by id or name.", valueName: "id|name"))
    var credential: String?

    func validate() throws {
        if name.isEmpty { throw ValidationError("--name cannot be empty.") }
        if type.isEmpty { throw ValidationError("--type cannot be empty.") }
    }

    func run() async throws {
        let client = server.client()
        let typeID = ConnectorReferences.typeID(type)
        let schema = await ConnectorReferences.optionsSchema(typeID, client: client)
        var body: JSONObject = [
            "type": .string(typeID), "name": .string(name),
            "options": .object(try options.build(schema: schema)),
        ]
        if let description { body["description"] = .string(description) }
        if let credential {
            body["credentialId"] = .string(
                try await ConnectorReferences.credentialID(credential, client: client, applicationPath: app.path))
        }
        let response = try await client.post("\(app.path)/connectors", body: .object(body))
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Created connector \(Display.text(response.json["name"])) (\(Display.text(response.json["id"]))).")
        console.print("Try it: plugboard connectors test -a \(app.application) \(Display.text(response.json["name"]))")
    }
}
