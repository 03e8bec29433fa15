import ArgumentParser
import Foundation

/// `plugboard applications create NAME`.
struct ApplicationsCreate: APICommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an application.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "The application's name, unique on this server.")
    var name: String

    func validate() throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("The name cannot be empty.") }
    }

    func run() async throws {
        let response = try await server.client().post("/api/v1/applications", body: ["name": .string(name)])
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Created application \(Display.text(response.json["name"])) (\(Display.text(response.json["id"]))).")
    }
}
