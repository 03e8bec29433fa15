/// A change committed to a shared store, as the process that made it announces it to the others.
public struct StoreChange: Sendable, Hashable {
    /// What kind of record changed.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let credentials = Self(rawValue: "credentials")
        public static let connectors = Self(rawValue: "connectors")
        public static let tokens = Self(rawValue: "tokens")
        public static let toolBindings = Self(rawValue: "tool_bindings")
        public static let workflows = Self(rawValue: "workflows")
        /// The master keys: the canary changed, so a rotation made a new active key.
        public static let keys = Self(rawValue: "keys")
    }

    /// What changed.
    public var kind: Kind
    /// The application it changed in; nil for what belongs to none (global tokens, keys).
    public var applicationID: String?

    public init(_ kind: Kind, applicationID: String?) {
        self.kind = kind
        self.applicationID = applicationID
    }
}

/// A store that several processes share, which tells each of them what the others commit (PostgreSQL's
/// `LISTEN`/`NOTIFY`), so caches are dropped at once instead of at their expiry.
public protocol StoreChangeFeed: Sendable {
    /// Listens, calls `started` once listening, then `receive` for each change another process commits. Returns when
    /// the task is cancelled; throws when the listening connection fails (changes may then have been missed).
    func followChanges(started: @Sendable () async -> Void, _ receive: @Sendable (StoreChange) async -> Void) async throws
}
