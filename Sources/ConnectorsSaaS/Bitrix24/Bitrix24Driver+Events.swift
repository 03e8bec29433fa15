import ConnectorsHTTP
import PlugboardCore

/// The `events` trigger source: Bitrix24's outbound webhooks. In the portal (Developer resources → Other → Outbound
/// webhook) the handler address is the trigger's url, and the application token Bitrix24 shows there goes in the
/// trigger's options, sealed. Every delivery (a form post: `event`, `data[FIELDS][ID]`, `ts`, `auth[...]`) must carry
/// that token in `auth[application_token]`, compared in constant time before anything is stored.
extension Bitrix24Driver: TriggerSourceProviding {
    static let eventsSource = TriggerSourceDescriptor(
        name: "events", title: "CRM events (outbound webhook)",
        description: """
            Bitrix24 posts each event (ONCRMLEADADD, ONCRMDEALUPDATE, ONCRMCONTACTDELETE…) to this trigger's address. \
            Create an outbound webhook in the portal with the trigger's url as its handler, and copy its application \
            token into this trigger's options. Starts the target with the event, the record's id and the portal.
            """,
        optionsSchema: Schema.object(
            [
                "applicationToken": Schema.string(
                    title: "Application token", description: "The token Bitrix24 shows for the outbound webhook, kept sealed.", writeOnly: true),
                "events": Schema.array(Schema.string(), description: "Only these events, such as ONCRMLEADADD; all when left out."),
            ]),
        receivesWebhooks: true)

    public var triggerSources: [TriggerSourceDescriptor] { [Self.eventsSource] }

    /// Nothing to register (the portal holds the address); checks the token is there, then waits.
    public func runSource(_ name: String, configuration: Bitrix24Configuration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.eventsSource.name else { throw ConnectorError.notFound("trigger source", name) }
        guard context.webhook?.secretOptions["applicationToken"]?.isEmpty == false else {
            throw ConnectorError(
                .invalidConfiguration, message: "The trigger has no application token to check Bitrix24's deliveries with.",
                fix: "Edit the trigger and set options.applicationToken to the outbound webhook's token.", field: "options.applicationToken")
        }
        try await sink.subscribedUntilStopped()
    }

    public func receiveWebhook(
        _ name: String, configuration: Bitrix24Configuration, request: WebhookRequest, context: WebhookContext
    ) throws(ConnectorError) -> WebhookOutcome {
        let form = NestedFormDecoding.decode(request.body)
        guard WebhookSecrets.matches(form["auth"]?["application_token"]?.stringValue, context.secretOptions["applicationToken"] ?? "") else {
            throw ConnectorError(
                .unauthorized, message: "The delivery does not carry this trigger's application token; nothing was stored.",
                fix: "Only the portal's outbound webhook whose token the trigger holds sends to this address.")
        }
        guard let event = form["event"]?.stringValue, !event.isEmpty else {
            throw ConnectorError.invalidInput("A Bitrix24 delivery names its event; nothing was stored.")
        }
        let wanted = Set(context.options["events"]?.arrayValue?.compactMap { $0.stringValue?.uppercased() } ?? [])
        guard wanted.isEmpty || wanted.contains(event.uppercased()) else { return WebhookOutcome(events: []) }
        var auth = form["auth"]?.objectValue ?? [:]
        for key in ["application_token", "access_token", "refresh_token"] { auth[key] = nil }
        let payload: JSONValue = ["event": .string(event), "data": form["data"] ?? [:], "ts": form["ts"] ?? .null, "portal": .object(auth)]
        let id = form["data"]?["FIELDS"]?["ID"]?.stringValue ?? ""
        return WebhookOutcome(events: [SourceEvent(dedupKey: "\(event)-\(id)-\(form["ts"]?.stringValue ?? "")", payload: payload)])
    }
}
