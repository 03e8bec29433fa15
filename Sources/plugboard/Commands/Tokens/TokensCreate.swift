import ArgumentParser
import PlugboardCore

/// `plugboard tokens create --name N [--application APP] [--role ROLE]`: prints the token once.
struct TokensCreate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token; its value is printed once.",
        discussion: """
            Without --application the token is a global admin. With it, the token belongs to that application \
            and --role defaults to runner. PLUGBOARD_APPLICATION is deliberately not read here.
            """
    )

    static let roles = ["admin", "editor", "runner", "viewer"]

    @OptionGroup var server: ServerOptions

    @Option(help: "A name saying who or what uses the token.")
    var name: String

    @Option(help: ArgumentHelp("The application the token belongs to (id or name).", valueName: "app"))
    var application: String?

    @Option(help: "admin, editor, runner or viewer (default: runner with --application, admin without).")
    var role: String?

    func validate() throws {
        if name.isEmpty { throw ValidationError("--name cannot be empty.") }
        if let role, !Self.roles.contains(role) {
            throw ValidationError("--role must be one of: \(Self.roles.joined(separator: ", ")).")
        }
    }

    func run() async throws {
        var body: JSONObject = ["name": .string(name), "role": .string(role ?? (application == nil ? "admin" : "runner"))]
        if let application { body["application"] = .string(application) }
        let response = try await server.client().post("/api/v1/tokens", body: .object(body))
        let console = Console()
        if server.json { return console.printJSON(response) }
        let scope = response.json["applicationName"]?.stringValue ?? response.json["applicationId"]?.stringValue
        console.print(
            "Created token \(Display.text(response.json["name"])) (\(Display.text(response.json["role"]))"
                + (scope.map { " in \($0)" } ?? ", all applications") + ").")
        console.print("Token (shown once, store it now): \(Display.text(response.json["token"]))")
    }
}
