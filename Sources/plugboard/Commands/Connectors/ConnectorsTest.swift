import ArgumentParser

/// `plugboard connectors test ID|NAME`: one real round trip to the service.
struct ConnectorsTest: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Test a connector with a real round trip to its service.",
        discussion: "Exits 0 when the service answered as expected, 6 when the connection or the service failed.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Connector id or name.")
    var connector: String

    @OptionGroup var deadline: TimeoutOptions

    func run() async throws {
        let response = try await server.client().post(
            "\(app.path)/connectors/\(connector.pathEscaped)/test", query: deadline.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("ok: \(connector) answered in \(Display.duration(response.json["latencyMs"])).")
        if let details = response.json["details"], details != .null, details != .object([:]) {
            console.print(PrettyJSON.string(details))
        }
    }
}
