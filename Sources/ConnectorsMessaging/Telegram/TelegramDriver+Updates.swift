import ConnectorsHTTP
import PlugboardCore

/// The bot's trigger sources. `updates` long-polls getUpdates: each update is an event keyed by its update_id, and
/// the offset that confirms it to Telegram is asked for only after the event is stored (the cursor), so a restart
/// resumes where it stopped and nothing is lost: at least once. `webhook_updates` has Telegram push each update to the
/// trigger's address: setWebhook with the trigger's secret as `secret_token`, which every request must carry in
/// `X-Telegram-Bot-Api-Secret-Token` (compared in constant time); the update is stored before Telegram gets its 2xx.
extension TelegramDriver: TriggerSourceProviding {
    static let updatesSource = TriggerSourceDescriptor(
        name: "updates", title: "New updates (long polling)",
        description: """
            Each update the bot receives (a message, an edited message, a button press…) starts the target with the \
            update as Telegram sends it. Polls getUpdates and confirms each update only once it is stored. A bot with a \
            webhook set gets no updates this way: delete the webhook first.
            """,
        optionsSchema: Schema.object(
            [
                "allowedUpdates": allowedUpdates,
                "pollSeconds": Schema.integer(description: "How long one getUpdates waits for an update (long polling).", default: 25, minimum: 0, maximum: 50),
            ]))

    static let webhookSource = TriggerSourceDescriptor(
        name: "webhook_updates", title: "New updates (webhook)",
        description: """
            Telegram pushes each update to this trigger's address (PLUGBOARD_PUBLIC_URL/hooks/ID, which must be HTTPS \
            on port 443, 80, 88 or 8443 for Telegram), registered with setWebhook and checked by its secret token. \
            Starts the target with the update. Replaces the bot's long polling and any webhook it had.
            """,
        optionsSchema: Schema.object(
            [
                "allowedUpdates": allowedUpdates,
                "maxConnections": Schema.integer(description: "Connections Telegram opens at once to deliver updates.", default: 40, minimum: 1, maximum: 100),
                "dropPendingUpdates": Schema.boolean(description: "Drop the updates waiting from before the webhook was set.", default: false),
            ]),
        receivesWebhooks: true)

    static let allowedUpdates = Schema.array(Schema.string(), description: "Update types to receive, such as message and callback_query; all when left out.")

    public var triggerSources: [TriggerSourceDescriptor] { [Self.updatesSource, Self.webhookSource] }

    public func runSource(_ name: String, configuration: TelegramConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.updatesSource.name || name == Self.webhookSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let session = TelegramSession(
            configuration: configuration, transport: try await context.session.network.makeHTTPClient(
                configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 1)))
        do {
            if name == Self.webhookSource.name {
                try await registerWebhook(session, context: context, sink: sink)
            } else {
                try await poll(session, context: context, sink: sink)
            }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    /// Checks a pushed update's secret token, then makes the update an event keyed by its update_id.
    public func receiveWebhook(
        _ name: String, configuration: TelegramConfiguration, request: WebhookRequest, context: WebhookContext
    ) throws(ConnectorError) -> WebhookOutcome {
        guard WebhookSecrets.matches(request.header("X-Telegram-Bot-Api-Secret-Token"), context.secret) else {
            throw ConnectorError(
                .unauthorized, message: "The request does not carry this trigger's secret token; nothing was stored.",
                fix: "Only Telegram, after setWebhook with the trigger's secret, sends to this address.")
        }
        guard request.method == "POST", let update = try? JSONParser.parse(request.body), let id = update["update_id"]?.integerValue else {
            throw ConnectorError.invalidInput("A Telegram update is a JSON object with an update_id; nothing was stored.")
        }
        return WebhookOutcome(events: [SourceEvent(dedupKey: "update-\(id)", payload: update)])
    }

    /// setWebhook with the trigger's address and secret, then waits: Telegram delivers to `/hooks/{trigger}`.
    private func registerWebhook(_ session: TelegramSession, context: SourceContext, sink: SourceSink) async throws {
        let (webhook, url) = try context.publicWebhook(for: "Telegram", otherwise: "use the updates source (long polling)")
        var parameters: JSONObject = [
            "url": .string(url), "secret_token": .string(webhook.secret),
            "max_connections": context.options["maxConnections"] ?? 40, "drop_pending_updates": context.options["dropPendingUpdates"] ?? false,
        ]
        if let types = context.options["allowedUpdates"] { parameters["allowed_updates"] = types }
        let redactor = CallRedactor()
        redactor.add([webhook.secret])
        let call = CallContext(
            network: context.session.network, deadline: .now + .seconds(30), logger: context.session.logger,
            credential: context.session.credential, redactor: redactor, credentials: context.session.credentials)
        _ = try await session.call("setWebhook", parameters, context: call)
        try await sink.subscribedUntilStopped()
    }

    /// getUpdates in a loop until cancelled: each update delivered, then confirmed by the next call's offset.
    private func poll(_ session: TelegramSession, context: SourceContext, sink: SourceSink) async throws {
        let poll = Int64(context.options["pollSeconds"]?.integerValue ?? 25)
        var offset = context.cursor?.integerValue.map { $0 + 1 }
        var subscribed = false
        while !Task.isCancelled {
            var parameters: JSONObject = ["timeout": .integer(poll), "limit": 100]
            if let offset { parameters["offset"] = .integer(offset) }
            if let types = context.options["allowedUpdates"] { parameters["allowed_updates"] = types }
            let call = CallContext(
                network: context.session.network, deadline: .now + .seconds(Int64(poll) + 30), logger: context.session.logger,
                credential: context.session.credential, credentials: context.session.credentials)
            let updates = try await session.call("getUpdates", parameters, context: call).arrayValue ?? []
            if !subscribed {
                subscribed = true
                await sink.subscribed()
            }
            for update in updates {
                guard let id = update["update_id"]?.integerValue else { continue }
                try await sink.deliver(SourceEvent(dedupKey: "update-\(id)", payload: update, cursor: .integer(id)))
                offset = id + 1
            }
        }
    }
}
