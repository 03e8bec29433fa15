/// One kind of event a connector's service yields, offered to triggers as a source (`notify` on PostgreSQL; Telegram
/// updates, Kafka consumers and new files on SFTP in the node issues).
public struct TriggerSourceDescriptor: Sendable, Hashable {
    /// What a trigger's `source` names, unique within the type.
    public var name: String
    public var title: String
    public var description: String
    /// The trigger's `options` for this source, as a JSON Schema object.
    public var optionsSchema: JSONValue
    /// Whether the service pushes this source's events to the trigger's webhook address (`/hooks/{trigger}`) rather
    /// than the source fetching them: the trigger then gets a secret, and `receiveWebhook` reads each request.
    public var receivesWebhooks: Bool

    public init(name: String, title: String, description: String, optionsSchema: JSONValue, receivesWebhooks: Bool = false) {
        self.name = name
        self.title = title
        self.description = description
        self.optionsSchema = optionsSchema
        self.receivesWebhooks = receivesWebhooks
    }

    public var json: JSONValue {
        [
            "name": .string(name), "title": .string(title), "description": .string(description), "optionsSchema": optionsSchema,
            "receivesWebhooks": .bool(receivesWebhooks),
        ]
    }
}

/// One event a source yields.
public struct SourceEvent: Sendable, Hashable {
    /// Unique per event within the trigger: a redelivered event with the same key is stored once.
    public var dedupKey: String
    /// What the target receives: a workflow run's input, or the callback's body.
    public var payload: JSONValue
    /// Where a polling source resumes after this event (an offset, a history id, a listing); stored with the event.
    public var cursor: JSONValue?

    public init(dedupKey: String, payload: JSONValue, cursor: JSONValue? = nil) {
        self.dedupKey = dedupKey
        self.payload = payload
        self.cursor = cursor
    }
}

/// Where a running source reports: that it listens, and each event. `deliver` returns once the event (and its cursor)
/// is stored, so a source that acknowledges upstream (a Kafka commit, a Telegram offset) does it only after that:
/// delivery is at least once.
public struct SourceSink: Sendable {
    private let onSubscribed: @Sendable () async -> Void
    private let onEvent: @Sendable (SourceEvent) async throws -> Void

    public init(subscribed: @escaping @Sendable () async -> Void, deliver: @escaping @Sendable (SourceEvent) async throws -> Void) {
        onSubscribed = subscribed
        onEvent = deliver
    }

    /// The source listens (or polls) now.
    public func subscribed() async { await onSubscribed() }

    /// Stores the event; throws when it could not be stored (the source should stop, and is subscribed again).
    public func deliver(_ event: SourceEvent) async throws { try await onEvent(event) }

    /// Reports the source listening, then waits until it is stopped: for sources whose events arrive as webhooks.
    public func subscribedUntilStopped() async throws {
        await subscribed()
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// What a source runs with: the lifetime context its connections open with, its trigger's options (checked against
/// the source's schema, defaults applied), and the cursor it last committed.
public struct SourceContext: Sendable {
    public var session: SessionContext
    public var options: JSONObject
    public var cursor: JSONValue?
    /// For a source that receives webhooks: its address and secrets, to register with the service.
    public var webhook: WebhookContext?

    public init(session: SessionContext, options: JSONObject, cursor: JSONValue?, webhook: WebhookContext? = nil) {
        self.session = session
        self.options = options
        self.cursor = cursor
        self.webhook = webhook
    }

    /// The webhook context and its public address, for registering with `service`; `invalid_configuration` while the
    /// server does not know its public address. `otherwise` names another way, when the source has one.
    public func publicWebhook(for service: String, otherwise: String? = nil) throws(ConnectorError) -> (webhook: WebhookContext, url: String) {
        guard let webhook, let url = webhook.url else {
            throw ConnectorError(
                .invalidConfiguration, message: "\(service) needs this server's public address to send to.",
                fix: "Set PLUGBOARD_PUBLIC_URL to the HTTPS address \(service) reaches this server at" + (otherwise.map { ", or \($0)." } ?? "."))
        }
        return (webhook, url)
    }
}

/// A driver whose connectors can feed triggers. A source opens what it needs itself (a dedicated connection, not a
/// pooled session), reports `subscribed()` once listening, delivers events until it is cancelled, and returns or
/// throws when it breaks: the trigger runner marks the trigger failed and subscribes again after a back-off.
public protocol TriggerSourceProviding<Configuration>: ConnectorDriver {
    associatedtype Configuration
    /// The sources this type offers.
    var triggerSources: [TriggerSourceDescriptor] { get }
    /// Runs source `name` for a connector with `configuration` until cancelled, or until it breaks. A source that
    /// receives webhooks registers its address here (where the service has an API for it) and then waits.
    func runSource(_ name: String, configuration: Configuration, context: SourceContext, sink: SourceSink) async throws
    /// Reads one request that arrived at the webhook address of a trigger on source `name`: checks that the service
    /// sent it (a secret or signature, in constant time) before anything else, and returns the events to store or
    /// the answer the service expects (a verification handshake). Only for sources that declare `receivesWebhooks`.
    func receiveWebhook(_ name: String, configuration: Configuration, request: WebhookRequest, context: WebhookContext) throws(ConnectorError) -> WebhookOutcome
}

extension TriggerSourceProviding {
    /// Sources that fetch their events receive no webhooks.
    public func receiveWebhook(
        _ name: String, configuration: Configuration, request: WebhookRequest, context: WebhookContext
    ) throws(ConnectorError) -> WebhookOutcome {
        throw ConnectorError.notFound("webhook source", name)
    }
}
