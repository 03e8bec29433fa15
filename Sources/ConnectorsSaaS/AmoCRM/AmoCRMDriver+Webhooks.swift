import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `events` trigger source: amoCRM's webhooks. amoCRM signs nothing, so subscribing registers the trigger's
/// address with the trigger's secret in its query (`POST /api/v4/webhooks`, which updates the webhook already
/// registered for that address), and every delivery must carry that secret, compared in constant time. A delivery
/// (a form post: `leads[add][0][id]=…`) becomes one event per record it names.
extension AmoCRMDriver: TriggerSourceProviding {
    static let eventsSource = TriggerSourceDescriptor(
        name: "events", title: "Changes (webhook)",
        description: """
            amoCRM posts each change it is asked for (a lead added, a contact updated, a lead's stage changed…) to this \
            trigger's address, registered with amoCRM when the trigger subscribes. Starts the target with the record's \
            entity, action and fields.
            """,
        optionsSchema: Schema.object(
            [
                "events": Schema.array(
                    Schema.string(), description: "amoCRM's webhook settings, such as add_lead, update_lead, status_lead, add_contact, delete_lead; add_lead when left out."),
            ]),
        receivesWebhooks: true)

    public var triggerSources: [TriggerSourceDescriptor] { [Self.eventsSource] }

    public func runSource(_ name: String, configuration: AmoCRMConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.eventsSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let (webhook, url) = try context.publicWebhook(for: "amoCRM")
        let session = AmoCRMSession(configuration: configuration, transport: try await context.session.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 1)))
        let redactor = CallRedactor()
        redactor.add([webhook.secret])
        let call = CallContext(
            network: context.session.network, deadline: .now + .seconds(30), logger: context.session.logger,
            credential: context.session.credential, redactor: redactor, credentials: context.session.credentials)
        let settings = context.options["events"]?.arrayValue ?? ["add_lead"]
        let destination = url + "?token=" + PercentEncoding.queryComponent(webhook.secret)
        do {
            _ = try await session.send("POST", "/webhooks", body: ["destination": .string(destination), "settings": .array(settings)], context: call)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        try await sink.subscribedUntilStopped()
    }

    public func receiveWebhook(
        _ name: String, configuration: AmoCRMConfiguration, request: WebhookRequest, context: WebhookContext
    ) throws(ConnectorError) -> WebhookOutcome {
        guard WebhookSecrets.matches(request.queryValue("token"), context.secret) else {
            throw ConnectorError(
                .unauthorized, message: "The delivery does not carry this trigger's token; nothing was stored.",
                fix: "Only the webhook this trigger registered with amoCRM sends to this address.")
        }
        let form = NestedFormDecoding.decode(request.body)
        let account = form["account"] ?? [:]
        var events: [SourceEvent] = []
        for (entity, actions) in form where entity != "account" {
            for (action, records) in actions.objectValue ?? [:] {
                for (_, record) in (records.objectValue ?? [:]).sorted(by: { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }) {
                    let id = record["id"]?.stringValue ?? ""
                    let stamp = record["last_modified"]?.stringValue ?? record["updated_at"]?.stringValue ?? record["date_create"]?.stringValue ?? ""
                    events.append(SourceEvent(
                        dedupKey: "\(entity)-\(action)-\(id)-\(stamp)",
                        payload: ["entity": .string(entity), "action": .string(action), "record": record, "account": account]))
                }
            }
        }
        guard !events.isEmpty else { throw ConnectorError.invalidInput("An amoCRM delivery names at least one record; nothing was stored.") }
        return WebhookOutcome(events: events)
    }
}
