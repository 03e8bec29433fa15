import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `events` trigger source: Linear's webhooks. Subscribing registers the trigger's address with Linear
/// (`webhookCreate`, or `webhookUpdate` of the webhook already pointing there, so a restart makes no second one) with
/// the trigger's secret as the signing secret. Every delivery must carry `Linear-Signature`, the HMAC-SHA256 of the raw
/// body under that secret, and a `webhookTimestamp` within a minute, checked before anything is read or stored.
extension LinearDriver: TriggerSourceProviding {
    static let eventsSource = TriggerSourceDescriptor(
        name: "events", title: "Changes (webhook)",
        description: """
            Linear sends each change (an issue or comment created, updated or removed…) to this trigger's address, which \
            the trigger registers with Linear (PLUGBOARD_PUBLIC_URL/hooks/ID). Starts the target with Linear's payload: \
            action, type, data, url. Deliveries are checked with Linear's signature and their timestamp.
            """,
        optionsSchema: Schema.object(
            [
                "resourceTypes": Schema.array(
                    Schema.string(enum: ["Issue", "Comment", "IssueLabel", "Project", "ProjectUpdate", "Cycle", "Reaction", "Attachment"]),
                    description: "What changes to receive; Issue and Comment when left out."),
                "teamId": Schema.string(description: "Only this team's changes; every public team's when left out."),
                "actions": Schema.array(Schema.string(enum: ["create", "update", "remove"]), description: "Only these actions; all when left out."),
            ]),
        receivesWebhooks: true)

    static let webhooks = "query Webhooks { webhooks(first: 100) { nodes { id url enabled } } }"
    static let webhookCreate = "mutation WebhookCreate($input: WebhookCreateInput!) { webhookCreate(input: $input) { success webhook { id enabled } } }"
    static let webhookUpdate = "mutation WebhookUpdate($id: String!, $input: WebhookUpdateInput!) { webhookUpdate(id: $id, input: $input) { success webhook { id enabled } } }"

    public var triggerSources: [TriggerSourceDescriptor] { [Self.eventsSource] }

    public func runSource(_ name: String, configuration: LinearConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.eventsSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let (webhook, url) = try context.publicWebhook(for: "Linear")
        let session = LinearSession(configuration: configuration, transport: try await context.session.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 1)))
        do {
            try await register(url: url, secret: webhook.secret, options: context.options, session: session, context: context)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        try await sink.subscribedUntilStopped()
    }

    private func register(url: String, secret: String, options: JSONObject, session: LinearSession, context: SourceContext) async throws {
        let redactor = CallRedactor()
        redactor.add([secret])
        let call = CallContext(
            network: context.session.network, deadline: .now + .seconds(30), logger: context.session.logger,
            credential: context.session.credential, redactor: redactor, credentials: context.session.credentials)
        var input: JSONObject = ["secret": .string(secret), "resourceTypes": options["resourceTypes"] ?? ["Issue", "Comment"], "enabled": true]
        let existing = try await session.run(Self.webhooks, context: call)["webhooks"]?["nodes"]?.arrayValue?.first { $0["url"]?.stringValue == url }
        if let id = existing?["id"] {
            _ = try Self.payload(try await session.run(Self.webhookUpdate, ["id": id, "input": .object(input)], context: call), "webhookUpdate", "webhook")
            return
        }
        input["url"] = .string(url)
        input["label"] = "Plugboard trigger"
        if let team = options["teamId"] { input["teamId"] = team } else { input["allPublicTeams"] = true }
        _ = try Self.payload(try await session.run(Self.webhookCreate, ["input": .object(input)], context: call), "webhookCreate", "webhook")
    }

    /// Checks the signature and the timestamp, then makes the change an event keyed by Linear's delivery id.
    public func receiveWebhook(
        _ name: String, configuration: LinearConfiguration, request: WebhookRequest, context: WebhookContext
    ) throws(ConnectorError) -> WebhookOutcome {
        guard WebhookSecrets.validSignature(request.header("Linear-Signature"), of: request.body, key: context.secret) else {
            throw ConnectorError(
                .unauthorized, message: "The request's Linear-Signature is missing or does not match; nothing was stored.",
                fix: "Only Linear, with the secret this trigger registered, sends to this address.")
        }
        guard let body = try? JSONParser.parse(request.body), let action = body["action"]?.stringValue, let stamp = body["webhookTimestamp"]?.doubleValue else {
            throw ConnectorError.invalidInput("A Linear delivery is a JSON object with action and webhookTimestamp; nothing was stored.")
        }
        guard abs(Date().timeIntervalSince1970 - stamp / 1000) <= 60 else {
            throw ConnectorError(
                .unauthorized, message: "The delivery's webhookTimestamp is more than a minute away from now; nothing was stored.",
                cause: "An old delivery sent again (a replay), or a clock far off.")
        }
        let wanted = options(context.options["actions"])
        guard wanted.isEmpty || wanted.contains(action) else { return WebhookOutcome(events: []) }
        let key = request.header("Linear-Delivery")
            ?? "\(body["type"]?.stringValue ?? "")-\(body["data"]?["id"]?.stringValue ?? "")-\(action)-\(Int64(stamp))"
        return WebhookOutcome(events: [SourceEvent(dedupKey: "delivery-\(key)", payload: body)])
    }

    private func options(_ value: JSONValue?) -> Set<String> {
        Set(value?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
