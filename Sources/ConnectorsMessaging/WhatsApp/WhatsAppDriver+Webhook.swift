import ConnectorsHTTP
import PlugboardCore

/// The `messages` trigger source: Meta's WhatsApp Cloud API webhooks. The app's webhook is set in Meta's App
/// Dashboard to the trigger's address, with the trigger's secret as the verify token; Meta's GET handshake
/// (`hub.mode`, `hub.verify_token`, `hub.challenge`) is answered, and every POST must carry `X-Hub-Signature-256`,
/// the HMAC-SHA256 of its raw body under the app secret, checked before anything is read or stored. Incoming
/// messages and delivery statuses become events, each once.
extension WhatsAppDriver: TriggerSourceProviding {
    static let webhookSource = TriggerSourceDescriptor(
        name: "messages", title: "Messages and statuses (webhook)",
        description: """
            Meta sends each incoming message and each delivery status (sent, delivered, read, failed) to this trigger's \
            address. In the App Dashboard, set the callback URL to the trigger's url and the verify token to \
            the secret shown when the trigger was created, and subscribe to the messages field. Requests are checked \
            with the app secret.
            """,
        optionsSchema: Schema.object(
            [
                "appSecret": Schema.string(title: "App secret", description: "The Meta app's secret (App settings › Basic), kept sealed.", writeOnly: true),
                "events": Schema.array(
                    Schema.string(enum: ["messages", "statuses"]), description: "What starts the target: incoming messages, delivery statuses, or both."),
            ]),
        receivesWebhooks: true)

    public var triggerSources: [TriggerSourceDescriptor] { [Self.webhookSource] }

    /// Nothing to register through the API (Meta's dashboard holds the address); checks the app secret is there, then waits.
    public func runSource(_ name: String, configuration: WhatsAppConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.webhookSource.name else { throw ConnectorError.notFound("trigger source", name) }
        guard context.webhook?.secretOptions["appSecret"]?.isEmpty == false else {
            throw ConnectorError(
                .invalidConfiguration, message: "The trigger has no app secret to check Meta's signatures with.",
                fix: "Edit the trigger and set options.appSecret to the Meta app's secret.", field: "options.appSecret")
        }
        try await sink.subscribedUntilStopped()
    }

    public func receiveWebhook(
        _ name: String, configuration: WhatsAppConfiguration, request: WebhookRequest, context: WebhookContext
    ) throws(ConnectorError) -> WebhookOutcome {
        if request.method == "GET" { return try Self.handshake(request, context: context) }
        guard WebhookSecrets.validSignature(request.header("X-Hub-Signature-256"), of: request.body, key: context.secretOptions["appSecret"] ?? "") else {
            throw ConnectorError(
                .unauthorized, message: "The request's X-Hub-Signature-256 is missing or does not match; nothing was stored.",
                fix: "Check that the trigger's app secret is the secret of the Meta app whose webhook points here.")
        }
        guard let body = try? JSONParser.parse(request.body), body["object"]?.stringValue == "whatsapp_business_account" else {
            throw ConnectorError.invalidInput("The body is not a WhatsApp Business Account notification; nothing was stored.")
        }
        let wanted = Set(context.options["events"]?.arrayValue?.compactMap(\.stringValue) ?? ["messages", "statuses"])
        let number = configuration.provider == .meta ? configuration.phoneNumberID : nil
        return WebhookOutcome(events: Self.events(of: body, wanted: wanted, phoneNumberID: number))
    }

    /// Meta's verification: echo `hub.challenge` when `hub.verify_token` is the trigger's secret.
    static func handshake(_ request: WebhookRequest, context: WebhookContext) throws(ConnectorError) -> WebhookOutcome {
        guard request.queryValue("hub.mode") == "subscribe", WebhookSecrets.matches(request.queryValue("hub.verify_token"), context.secret),
            let challenge = request.queryValue("hub.challenge")
        else {
            throw ConnectorError(
                .permissionDenied, message: "The verify token does not match this trigger's secret.",
                fix: "In Meta's App Dashboard, set the verify token to the secret shown when the trigger was created.")
        }
        return WebhookOutcome(reply: WebhookOutcome.Reply(body: challenge))
    }

    /// One event per message (keyed by its wamid) and per status change (keyed by wamid and status), for this
    /// connector's phone number when it has one.
    static func events(of body: JSONValue, wanted: Set<String>, phoneNumberID: String?) -> [SourceEvent] {
        var events: [SourceEvent] = []
        for entry in body["entry"]?.arrayValue ?? [] {
            for change in entry["changes"]?.arrayValue ?? [] where change["field"]?.stringValue == "messages" {
                guard let value = change["value"] else { continue }
                let metadata = value["metadata"] ?? .null
                if let phoneNumberID, let target = metadata["phone_number_id"]?.stringValue, target != phoneNumberID { continue }
                let contacts = value["contacts"]?.arrayValue ?? []
                if wanted.contains("messages") {
                    for message in value["messages"]?.arrayValue ?? [] {
                        guard let id = message["id"]?.stringValue else { continue }
                        let contact = contacts.first { $0["wa_id"] == message["from"] } ?? .null
                        events.append(SourceEvent(
                            dedupKey: "message-\(id)",
                            payload: ["kind": "message", "message": message, "contact": contact, "metadata": metadata, "businessAccountId": entry["id"] ?? .null]))
                    }
                }
                if wanted.contains("statuses") {
                    for status in value["statuses"]?.arrayValue ?? [] {
                        guard let id = status["id"]?.stringValue else { continue }
                        events.append(SourceEvent(
                            dedupKey: "status-\(id)-\(status["status"]?.stringValue ?? "")",
                            payload: ["kind": "status", "status": status, "metadata": metadata, "businessAccountId": entry["id"] ?? .null]))
                    }
                }
            }
        }
        return events
    }
}
