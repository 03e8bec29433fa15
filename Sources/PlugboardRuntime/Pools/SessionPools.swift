import Logging
import PlugboardCore
import ServiceLifecycle
import Synchronization

/// Every connector's pool, keyed by connector; a new connector version retires the old pool. A credential change
/// retires only the sessions that hold the old credential (see `SessionContext.credential`).
///
/// Every call looks its pool up here, so the lookup is a lock, not an actor hop. Runs as a `Service`: it closes idle
/// sessions periodically and all sessions at shutdown.
public final class SessionPools: Service, Sendable {
    /// One connector version's pool and its options, decoded once for every session it opens.
    struct Entry: Sendable {
        var connectorVersion: Int
        var configured: AnyConnectorDriver.Configured
        var pool: SessionPool<PooledSession>
    }

    private let pools = Mutex<[String: Entry]>([:])
    private let sweepInterval: Duration

    /// Pools whose idle sessions are swept every `sweepInterval`.
    public init(sweepInterval: Duration = .seconds(5)) {
        self.sweepInterval = sweepInterval
    }

    /// The pool for this connector version, retiring a pool of an older version. `configure` runs only when a new
    /// pool is needed, so options are validated and decoded once per connector version, not per execution.
    func pool(connectorID: String, version: Int, configure: () throws -> AnyConnectorDriver.Configured) async throws -> Entry {
        if let existing = pools.withLock({ $0[connectorID] }), existing.connectorVersion >= version { return existing }
        let configured = try configure()
        let made = Entry(connectorVersion: version, configured: configured, pool: SessionPool(settings: configured.pooling))
        // A concurrent caller may have installed this version meanwhile: then its pool serves, and `made` is dropped
        // before it opened anything.
        let (entry, replaced) = pools.withLock { pools -> (Entry, Entry?) in
            if let current = pools[connectorID], current.connectorVersion >= version { return (current, nil) }
            defer { pools[connectorID] = made }
            return (made, pools[connectorID])
        }
        await replaced?.pool.retire()
        return entry
    }

    /// Retires a connector's pool (connector edited or deleted).
    public func retire(connectorID: String) async {
        guard let existing = pools.withLock({ $0.removeValue(forKey: connectorID) }) else { return }
        await existing.pool.retire()
    }

    /// Sessions lent out, per connector id, for metrics.
    public func usage() -> [String: Int] {
        pools.withLock { pools in pools.mapValues { $0.pool.inUse } }
    }

    /// Closes idle sessions every sweep interval until graceful shutdown, then closes all sessions.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let interval = sweepInterval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            for entry in pools.withLock({ Array($0.values) }) { await entry.pool.closeIdle(now: .now) }
        }
        await closeAll()
    }

    /// Closes every session; used at shutdown.
    public func closeAll() async {
        let all = pools.withLock { pools in
            defer { pools.removeAll() }
            return pools.values.map(\.pool)
        }
        for pool in all { await pool.retire() }
    }
}
