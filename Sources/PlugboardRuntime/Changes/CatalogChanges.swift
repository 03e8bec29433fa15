import Foundation
import Synchronization

/// What changed in an application that agents may see: its connectors or its tool bindings.
public struct CatalogChange: Sendable, Hashable {
    /// What kind of thing changed.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A connector was created, updated or deleted.
        public static let connectors = Self(rawValue: "connectors")
        /// A tool binding was created, updated or deleted.
        public static let toolBindings = Self(rawValue: "tool_bindings")
        /// A workflow was created, updated or deleted (it may be offered as a tool).
        public static let workflows = Self(rawValue: "workflows")
    }

    /// The application the change happened in.
    public var applicationID: String
    /// What changed.
    public var kind: Kind

    public init(applicationID: String, kind: Kind) {
        self.applicationID = applicationID
        self.kind = kind
    }
}

/// Tells subscribers (MCP sessions) when connectors or tool bindings change in this process, so agents get
/// `notifications/tools/list_changed`. Slow subscribers keep only the newest few changes; a change is a hint to
/// re-list, so dropping older ones loses nothing.
public final class CatalogChanges: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<CatalogChange>.Continuation]>([:])

    public init() {}

    /// Announces a change to every subscriber.
    public func publish(_ change: CatalogChange) {
        let continuations = subscribers.withLock { Array($0.values) }
        for continuation in continuations { continuation.yield(change) }
    }

    /// A stream of every change published from now on; it ends its subscription when iteration stops.
    public func subscribe() -> AsyncStream<CatalogChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: CatalogChange.self, bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many streams are subscribed, for tests and metrics.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
