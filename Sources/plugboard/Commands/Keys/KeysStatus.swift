import ArgumentParser

/// `plugboard keys status`: which key is active and how many credentials each key wraps.
struct KeysStatus: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the active key and how many credentials each key wraps.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let response = try await server.client().get("/api/v1/keys")
        let console = Console()
        if server.json { return console.printJSON(response) }
        var header = "Active key: \(Display.text(response.json["activeKeyId"]))"
        if let source = response.json["source"]?.stringValue {
            header += source == "environment" ? " (master key from PLUGBOARD_MASTER_KEY)" : " (master key from the key file)"
        }
        console.print(header)
        var table = Table([.init("KEY", maximumWidth: 48), .init("ACTIVE"), .init("AVAILABLE"), .init("CREDENTIALS")])
        for key in response.json["keys"]?.arrayValue ?? [] {
            table.append([
                Display.text(key["id"]), Display.yesNo(key["active"]?.boolValue ?? false),
                key["available"]?.boolValue.map(Display.yesNo) ?? "-", Display.text(key["credentials"]),
            ])
        }
        console.print(table.render())
    }
}
