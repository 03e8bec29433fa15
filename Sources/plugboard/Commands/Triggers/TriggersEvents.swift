import ArgumentParser

/// `plugboard triggers events NAME`.
struct TriggersEvents: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List the events a trigger received, newest first, and how each was delivered.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "Trigger id or name.")
    var trigger: String

    @OptionGroup var paging: PagingOptions

    func run() async throws {
        let response = try await server.client().get("\(app.path)/triggers/\(trigger.pathEscaped)/events", query: paging.query)
        let console = Console()
        if server.json { return console.printJSON(response) }
        guard !response.items.isEmpty else { return console.print("No events yet.") }
        var table = Table([
            .init("EVENT"), .init("RECEIVED"), .init("STATUS"), .init("TRIES"), .init("RUN"), .init("DEDUP KEY", maximumWidth: 36),
            .init("ERROR", maximumWidth: 40),
        ])
        for item in response.items {
            table.append([
                Display.text(item["id"]), Display.timestamp(item["receivedAt"]), Display.text(item["status"]), Display.text(item["attempts"]),
                Display.text(item["runId"]), Display.text(item["dedupKey"]), Display.text(item["lastError"]?["message"]),
            ])
        }
        console.print(table.render())
        if let footer = Display.pagingFooter(response, noun: "events") { console.print(footer) }
    }
}
