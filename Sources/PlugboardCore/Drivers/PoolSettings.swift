/// How a connector's sessions are pooled: how many sessions, how many calls each serves at once, and how long an
/// unused one stays open.
public struct PoolSettings: Sendable, Hashable {
    /// Sessions open (or opening) at most.
    public var maxSessions: Int
    /// Calls one session serves at once: 1 for a connection that runs one thing at a time (a database connection), more
    /// for one that multiplexes (an HTTP client, SSH or AMQP channels).
    public var leasesPerSession: Int
    /// Sessions nobody used for this long are closed.
    public var idleTimeout: Duration

    /// Up to `maxSessions` sessions, each serving up to `leasesPerSession` calls at once; values below 1 are raised to 1.
    public init(maxSessions: Int, leasesPerSession: Int, idleTimeout: Duration = .seconds(60)) {
        self.maxSessions = max(1, maxSessions)
        self.leasesPerSession = max(1, leasesPerSession)
        self.idleTimeout = idleTimeout
    }

    /// Up to `size` sessions, each lent to one call at a time (database connections).
    public static func exclusive(_ size: Int, idleTimeout: Duration = .seconds(60)) -> PoolSettings {
        PoolSettings(maxSessions: size, leasesPerSession: 1, idleTimeout: idleTimeout)
    }

    /// One session serving up to `concurrency` calls at once (an HTTP client with its own connection pool).
    public static func shared(_ concurrency: Int, idleTimeout: Duration = .seconds(60)) -> PoolSettings {
        PoolSettings(maxSessions: 1, leasesPerSession: concurrency, idleTimeout: idleTimeout)
    }

    /// Calls served at once by the whole pool.
    public var capacity: Int { maxSessions * leasesPerSession }
}
