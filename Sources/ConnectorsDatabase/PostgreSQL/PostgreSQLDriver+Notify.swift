import Foundation
import PlugboardCore
import PostgresNIO

/// The `notify` trigger source: `LISTEN` on a dedicated connection; each `NOTIFY` on the channel is an event.
///
/// The connection is the source's own, opened through the guarded dialer like every other. When it drops (the
/// server restarted, an administrator ended it) the source ends with an error; the trigger runner marks the trigger
/// failed and listens again after a back-off. PostgreSQL keeps no notifications for a listener that is away, so one
/// sent while the connection is down is not seen: use a table for events that must not be missed.
extension PostgreSQLDriver: TriggerSourceProviding {
    static let notifySource = TriggerSourceDescriptor(
        name: "notify", title: "LISTEN/NOTIFY",
        description: """
            Each NOTIFY on the channel starts the target with {"channel", "payload"}; a JSON payload is \
            parsed. With dedupField, a JSON payload's member of that name is the event's dedup key, so a notification \
            sent twice for the same row starts one run.
            """,
        optionsSchema: Schema.object(
            ["channel": [
                "type": "string", "minLength": 1, "maxLength": 63, "pattern": #"^[^"\u0000]+$"#,
                "patternDescription": "must not contain a double quote", "description": "The channel to LISTEN on, as NOTIFY names it.",
            ],
             "dedupField": Schema.string(description: "A member of a JSON payload whose value identifies the event.")],
            required: ["channel"]))

    /// `notify`.
    public var triggerSources: [TriggerSourceDescriptor] { [Self.notifySource] }

    /// Listens on the channel until cancelled or the connection drops.
    public func runSource(_ name: String, configuration: PostgreSQLConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.notifySource.name, let channel = context.options["channel"]?.stringValue else {
            throw ConnectorError.notFound("trigger source", name)
        }
        let dedupField = context.options["dedupField"]?.stringValue
        let connector = PostgreSQLConnector(
            configuration: configuration, network: context.session.network, credential: context.session.credential,
            logger: context.session.logger)
        let connection = try await connector.connect(deadline: context.session.deadline)
        let failure = PostgreSQLFailure(endpoint: connector.endpoint, connectTimeout: configuration.connectTimeout)
        do {
            try await connection.listen(on: channel) { notifications in
                await sink.subscribed()
                for try await notification in notifications {
                    try await sink.deliver(Self.event(notification.payload, channel: channel, dedupField: dedupField))
                }
            }
        } catch {
            try? await connection.close()
            throw failure.map(error)
        }
        try? await connection.close()
        throw ConnectorError(
            .upstreamError, message: "The listening connection to \(connector.endpoint) ended; listening again after a pause.",
            cause: "The server restarted, or an administrator ended the session.", retryable: true)
    }

    /// The event for one notification: its payload parsed when it is JSON.
    static func event(_ text: String, channel: String, dedupField: String?) -> SourceEvent {
        let parsed = (try? JSONParser.parse(text)).flatMap { value -> JSONValue? in
            switch value {
            case .object, .array: return value
            default: return nil
            }
        }
        let payload = parsed ?? .string(text)
        let key = dedupField.flatMap { parsed?[$0] }.map { value in value.stringValue ?? value.jsonString() }
        return SourceEvent(
            dedupKey: key.map { "\(channel):\($0)" } ?? "notify:\(UUID().uuidString)",
            payload: ["channel": .string(channel), "payload": payload])
    }
}
