/// One kind of event a connector's service yields, offered to triggers as a source (`notify` on PostgreSQL; Telegram
/// updates, Kafka consumers and new files on SFTP in the node issues).
public struct TriggerSourceDescriptor: Sendable, Hashable {
    /// What a trigger's `source` names, unique within the type.
    public var name: String
    public var title: String
    public var description: String
    /// The trigger's `options` for this source, as a JSON Schema object.
    public var optionsSchema: JSONValue

    public init(name: String, title: String, description: String, optionsSchema: JSONValue) {
        self.name = name
        self.title = title
        self.description = description
        self.optionsSchema = optionsSchema
    }

    public var json: JSONValue {
        ["name": .string(name), "title": .string(title), "description": .string(description), "optionsSchema": optionsSchema]
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
}

/// What a source runs with: the lifetime context its connections open with, its trigger's options (checked against
/// the source's schema, defaults applied), and the cursor it last committed.
public struct SourceContext: Sendable {
    public var session: SessionContext
    public var options: JSONObject
    public var cursor: JSONValue?

    public init(session: SessionContext, options: JSONObject, cursor: JSONValue?) {
        self.session = session
        self.options = options
        self.cursor = cursor
    }
}

/// A driver whose connectors can feed triggers. A source opens what it needs itself (a dedicated connection, not a
/// pooled session), reports `subscribed()` once listening, delivers events until it is cancelled, and returns or
/// throws when it breaks: the trigger runner marks the trigger failed and subscribes again after a back-off.
public protocol TriggerSourceProviding<Configuration>: ConnectorDriver {
    associatedtype Configuration
    /// The sources this type offers.
    var triggerSources: [TriggerSourceDescriptor] { get }
    /// Runs source `name` for a connector with `configuration` until cancelled, or until it breaks.
    func runSource(_ name: String, configuration: Configuration, context: SourceContext, sink: SourceSink) async throws
}
