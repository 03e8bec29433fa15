import Logging
import PlugboardCore
import ServiceLifecycle

/// Every connector's pool, keyed by connector; a new connector version retires the old pool. A credential change
/// retires only the sessions that hold the old credential (see `SessionContext.credential`).
///
/// Runs as a `Service`: it closes idle sessions periodically and all sessions at shutdown.
public actor SessionPools: Service {
    /// One connector version's pool and its options, decoded once for every session it opens.
    struct Entry: Sendable {
        var connectorVersion: Int
        var configured: AnyConnectorDriver.Configured
        var pool: SessionPool<PooledSession>
    }

    private var pools: [String: Entry] = [:]
    private let sweepInterval: Duration

    /// Pools whose idle sessions are swept every `sweepInterval`.
    public init(sweepInterval: Duration = .seconds(5)) {
        self.sweepInterval = sweepInterval
    }

    /// The pool for this connector version, retiring a pool of an older version. `configure` runs only when a new
    /// pool is needed, so options are validated and decoded once per connector version, not per execution.
    func pool(connectorID: String, version: Int, configure: () throws -> AnyConnectorDriver.Configured) async throws -> Entry {
        let existing = pools[connectorID]
        if let existing, existing.connectorVersion >= version { return existing }
        let configured = try configure()
        let entry = Entry(connectorVersion: version, configured: configured, pool: SessionPool(settings: configured.pooling))
        // Installed before any suspension, so a concurrent caller finds this pool and none is left unretired.
        pools[connectorID] = entry
        await existing?.pool.retire()
        return entry
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
