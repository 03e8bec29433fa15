import ArgumentParser
import PlugboardCore

/// `plugboard types show TYPE`: connection fields (required, default, secret) and actions with their inputs.
struct TypesShow: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a connector type's connection fields and actions.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "Type id, e.g. plugboard.nodes.rest (the 'plugboard.nodes.' prefix may be left out).")
    var type: String

    /// The full type id.
    var typeID: String { type.contains(".") ? type : "plugboard.nodes.\(type)" }

    func run() async throws {
        let response = try await server.client().get("/api/v1/connector-types/\(typeID.pathEscaped)")
        let console = Console()
        if server.json { return console.printJSON(response) }
        let item = response.json
        let kinds = (item["credentialKinds"]?.arrayValue ?? []).compactMap(\.stringValue)
        let required = item["credentialRequired"]?.boolValue ?? false
        var text = Display.details([
            ("Resource", Display.text(item["id"])), ("Name", Display.text(item["displayName"])),
            ("Category", Display.text(item["category"])), ("Description", Display.wrap(Display.text(item["description"]), width: 64)),
            ("Credential", kinds.isEmpty ? "none" : kinds.joined(separator: ", ") + (required ? " (required)" : " (optional)")),
        ])
        text += "\n\nConnection fields (--option NAME=VALUE):\n"
        text += SchemaFieldTable.render(item["optionsSchema"] ?? .null)
        for action in item["actions"]?.arrayValue ?? [] {
            text += "\n\n" + actionSummary(action)
        }
        console.print(text)
    }

    private func actionSummary(_ action: JSONValue) -> String {
        let name = Display.text(action["name"])
        let traits = Display.traits(action["annotations"])
        var lines = ["Action \(name): \(Display.text(action["title"]))" + (traits.isEmpty ? "" : " [\(traits)]")]
        if let description = action["description"]?.stringValue, !description.isEmpty { lines.append(Display.wrap(description)) }
        lines.append("Input (plugboard run CONNECTOR \(name) --input JSON):")
        lines.append(SchemaFieldTable.render(action["inputSchema"] ?? .null))
        return lines.joined(separator: "\n")
    }
}
