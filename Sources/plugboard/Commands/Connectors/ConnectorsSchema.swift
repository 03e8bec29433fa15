import ArgumentParser

/// `plugboard connectors schema ID|NAME`: what the connector's service holds (tables and columns, GraphQL types,
/// SOAP or OpenAPI operations, MCP tools), read from the service.
struct ConnectorsSchema: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Discover what the connector's service holds: tables, types, operations or tools.",
        discussion: "Exits 6 when the service could not be read.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    @OptionGroup var deadline: TimeoutOptions

    func run() async throws {
        let response = try await server.client().get(
            "\(app.path)/connectors/\(connector.pathEscaped)/schema", query: deadline.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print(PrettyJSON.string(response.json))
    }
}
