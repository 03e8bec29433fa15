import ConnectorsHTTP
import PlugboardCore

/// The `updates` trigger source: long polling with getUpdates. Each update is an event keyed by its update_id, and
/// the offset that confirms it to Telegram is asked for only after the event is stored (the cursor), so a restart
/// resumes where it stopped and nothing is lost: at least once.
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
                "allowedUpdates": Schema.array(Schema.string(), description: "Update types to receive, such as message and callback_query; all when left out."),
                "pollSeconds": Schema.integer(description: "How long one getUpdates waits for an update (long polling).", default: 25, minimum: 0, maximum: 50),
            ]))

    public var triggerSources: [TriggerSourceDescriptor] { [Self.updatesSource] }

    public func runSource(_ name: String, configuration: TelegramConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.updatesSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let session = TelegramSession(
            configuration: configuration, transport: try await context.session.network.makeHTTPClient(
                configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 1)))
        do {
            try await poll(session, context: context, sink: sink)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
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
