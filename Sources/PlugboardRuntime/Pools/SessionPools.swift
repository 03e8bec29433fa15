import Logging
import PlugboardCore
import ServiceLifecycle

/// Every connector's pool, keyed by connector; a new connector or credential version retires the old pool.
///
/// Runs as a `Service`: it closes idle sessions periodically and all sessions at shutdown.
public actor SessionPools: Service {
    struct Key: Hashable {
        var connectorVersion: Int
        var credentialVersion: Int

        /// Whether a pool made for `self` may serve an execution that read `other` (same or newer versions).
        func covers(_ other: Key) -> Bool {
            connectorVersion >= other.connectorVersion && credentialVersion >= other.credentialVersion
        }
    }

    private var pools: [String: (key: Key, pool: SessionPool<AnyConnectorSession>)] = [:]
    private let sweepInterval: Duration

    /// Pools whose idle sessions are swept every `sweepInterval`.
    public init(sweepInterval: Duration = .seconds(5)) {
        self.sweepInterval = sweepInterval
    }

    /// The pool for this connector version, retiring a pool of an older version. `make` runs only when a new
    /// pool is needed, so options are validated and decoded once per connector version, not per execution.
    func pool(
        connectorID: String, key: Key, make: () throws -> (PoolSettings, [String], SessionPool<AnyConnectorSession>.Opener)
    ) async throws -> SessionPool<AnyConnectorSession> {
        let existing = pools[connectorID]
        if let existing, existing.key.covers(key) { return existing.pool }
        let (settings, secrets, open) = try make()
        let pool = SessionPool(settings: settings, secrets: secrets, open: open)
        // Installed before any suspension, so a concurrent caller finds this pool and none is left unretired.
        pools[connectorID] = (key, pool)
        await existing?.pool.retire()
        return pool
    }

    /// Retires a connector's pool (connector edited or deleted).
    public func retire(connectorID: String) async {
        guard let existing = pools.removeValue(forKey: connectorID) else { return }
        await existing.pool.retire()
    }

    /// Sessions lent out, per connector id, for metrics.
    public func usage() async -> [String: Int] {
        var usage: [String: Int] = [:]
        for (id, entry) in pools { usage[id] = entry.pool.inUse }
        return usage
    }

    /// Closes idle sessions every sweep interval until graceful shutdown, then closes all sessions.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let interval = sweepInterval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            for entry in pools.values { await entry.pool.closeIdle(now: .now) }
        }
        await closeAll()
    }

    /// Closes every session; used at shutdown.
    public func closeAll() async {
        let all = pools.values.map(\.pool)
        pools.removeAll()
        for pool in all { await pool.retire() }
    }
}
