import Foundation
import PlugboardCore

/// A binding of an event source to a target: each event the source yields starts a run of a workflow, or is
/// POSTed as JSON to a callback URL.
///
/// A trigger on a node's source (PostgreSQL `NOTIFY`, later Telegram updates, Kafka consumers…) is a dependent of
/// its connector. Its runner's state, cursor and lease are kept with it, so another process can take it over.
public struct TriggerRecord: Sendable, Hashable {
    /// Where a trigger's events go.
    public enum Target: Sendable, Hashable {
        /// A run of this workflow (by id), with the event as its input.
        case workflow(String)
        /// A POST of the event as JSON to this URL, through the egress guard.
        case url(String)
    }

    /// `tr_` followed by 20 random characters; webhooks are received at `/hooks/{id}`.
    public var id: String
    public var applicationID: String
    /// Unique in the application.
    public var name: String
    /// `webhook`, `schedule`, or the name of a source the connector's node offers (`notify`).
    public var source: String
    /// The connector a node's source reads from; nil for webhooks and schedules.
    public var connectorID: String?
    /// The source's options: a schedule's `cron`, `timeZone` or `interval`; a webhook's `maxBodyBytes`; a node's own.
    public var options: JSONObject
    public var target: Target
    /// A webhook's secret, sealed like a credential's fields; nil for other sources.
    public var secret: SealedSecret?
    /// Paused by its user: the runner leaves it unsubscribed and webhooks are refused.
    public var paused: Bool
    /// `pending`, `subscribed`, `failed` or `unsubscribed`, as its runner last wrote it.
    public var state: String
    /// The error that failed it, as a `ConnectorError` renders.
    public var lastError: JSONValue?
    /// When a failed trigger is tried again.
    public var retryAt: Date?
    /// Where a polling source or a schedule resumes: committed only after the target accepted the event.
    public var cursor: JSONValue?
    public var lastEventAt: Date?
    public var eventCount: Int
    /// The row in `dependents` that keeps `connectorID` from being deleted.
    public var dependentID: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = Identifier.make("tr"), applicationID: String, name: String, source: String, connectorID: String? = nil,
        options: JSONObject = [:], target: Target, secret: SealedSecret? = nil, paused: Bool = false, state: String = "pending",
        lastError: JSONValue? = nil, retryAt: Date? = nil, cursor: JSONValue? = nil, lastEventAt: Date? = nil, eventCount: Int = 0,
        dependentID: String? = nil, version: Int = 1, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.applicationID = applicationID
        self.name = name
        self.source = source
        self.connectorID = connectorID
        self.options = options
        self.target = target
        self.secret = secret
        self.paused = paused
        self.state = state
        self.lastError = lastError
        self.retryAt = retryAt
        self.cursor = cursor
        self.lastEventAt = lastEventAt
        self.eventCount = eventCount
        self.dependentID = dependentID ?? (connectorID == nil ? nil : Identifier.make("dep"))
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The dependent kind triggers are recorded under.
    public static let dependentKind = "trigger"
}

/// The state a trigger's runner reports, written without touching what its user edits.
public struct TriggerStatus: Sendable, Hashable {
    public var state: String
    public var lastError: JSONValue?
    public var retryAt: Date?

    public init(state: String, lastError: JSONValue? = nil, retryAt: Date? = nil) {
        self.state = state
        self.lastError = lastError
        self.retryAt = retryAt
    }
}
