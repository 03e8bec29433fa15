import ArgumentParser
import PlugboardCore

/// `plugboard triggers create NAME (--webhook | --cron EXPR | --every SECONDS | --source S --connector C) (--workflow W | --url URL)`.
struct TriggersCreate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a trigger (webhook, schedule, or a connector's source) that starts a workflow or calls a URL.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Argument(help: "The trigger's name.")
    var name: String

    @Flag(help: "Receive webhooks at /hooks/{id}; the URL and secret are printed once.")
    var webhook = false

    @Option(help: ArgumentHelp("Fire on a five-field cron expression (or @hourly, @daily…).", valueName: "expr"))
    var cron: String?

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("The cron's time zone (IANA name, default UTC).", valueName: "zone"))
    var timeZone: String?

    @Option(help: ArgumentHelp("Fire every this many seconds.", valueName: "seconds"))
    var every: Double?

    @Option(help: ArgumentHelp("A source the connector's type offers, such as notify on PostgreSQL.", valueName: "name"))
    var source: String?

    @Option(help: ArgumentHelp("With --source: the connector (id or name) it reads from.", valueName: "connector"))
    var connector: String?

    @Option(help: ArgumentHelp("More source options as JSON: inline, @file or - (notify: {\"channel\": \"orders\"}).", valueName: "json"))
    var options: String?

    @Option(help: ArgumentHelp("Start a run of this workflow (id or name) per event.", valueName: "workflow"))
    var workflow: String?

    @Option(help: ArgumentHelp("POST each event as JSON to this URL.", valueName: "url"))
    var url: String?

    @Flag(help: "Create it paused.")
    var paused = false

    func validate() throws {
        let sources = [webhook, cron != nil, every != nil, source != nil].filter { $0 }.count
        if sources != 1 { throw ValidationError("Choose one source: --webhook, --cron EXPR, --every SECONDS, or --source NAME --connector C.") }
        if (source == nil) != (connector == nil) { throw ValidationError("--source and --connector go together.") }
        if (workflow == nil) == (url == nil) { throw ValidationError("Choose one target: --workflow NAME or --url URL.") }
    }

    func run() async throws {
        var sourceOptions = try options.map { try JSONArgument(source: $0, purpose: "--options").load().objectValue ?? [:] } ?? [:]
        if let cron { sourceOptions["cron"] = .string(cron) }
        if let timeZone { sourceOptions["timeZone"] = .string(timeZone) }
        if let every { sourceOptions["interval"] = .number(every) }
        let target: JSONValue = workflow.map { ["workflow": .string($0)] } ?? ["url": .string(url ?? "")]
        var body: JSONObject = [
            "name": .string(name), "source": .string(source ?? (webhook ? "webhook" : "schedule")), "options": .object(sourceOptions),
            "target": target, "paused": .bool(paused),
        ]
        if let connector { body["connector"] = .string(connector) }
        let response = try await server.client().post("\(app.path)/triggers", body: .object(body))
        let console = Console()
        if server.json { return console.printJSON(response) }
        console.print("Created trigger \(name) (\(Display.text(response.json["id"]))).")
        if let hook = response.json["url"]?.stringValue, let secret = response.json["secret"]?.stringValue {
            let use = response.json["source"]?.stringValue == "webhook"
                ? "Send it as the Plugboard-Webhook-Secret header, or sign each body\nwith HMAC-SHA256 and send Plugboard-Signature: sha256=<hex>."
                : "The connector's service proves its requests with it: Telegram gets it with setWebhook;\nfor WhatsApp, enter the URL and this secret as the verify token in Meta's App Dashboard."
            console.print("""
                Webhook URL: \(hook)
                Secret:      \(secret)
                The secret is shown only now. \(use)
                """)
        }
    }
}
