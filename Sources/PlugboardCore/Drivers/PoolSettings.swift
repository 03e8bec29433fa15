/// How a connector's sessions are shared.
public struct PoolSettings: Sendable, Hashable {
    /// Sessions opened at most (exclusive) or concurrent executions on the one session (shared).
    public var size: Int
    /// Shared sessions serve many executions at once (HTTP clients); exclusive ones serve one (database connections).
    public var shared: Bool
    /// Idle sessions close after this long.
    public var idleTimeout: Duration

    /// Pool settings; a size below 1 is raised to 1.
    public init(size: Int, shared: Bool, idleTimeout: Duration = .seconds(60)) {
        self.size = max(1, size)
        self.shared = shared
        self.idleTimeout = idleTimeout
    }
}
