import PostgresNIO

/// The store's server connections: opened when needed up to `size`, reused, and replaced when one breaks. Callers
/// beyond `size` wait their turn in order.
actor PostgresConnectionPool {
    /// Opens and logs in one connection.
    typealias Connect = @Sendable () async throws -> PostgresConnection

    private let connect: Connect
    private let size: Int
    private var idle: [PostgresConnection] = []
    private var opened = 0
    /// Callers waiting for a connection; resumed with one, or with nil when a slot freed up to open one.
    private var waiters: [CheckedContinuation<PostgresConnection?, any Error>] = []
    private var closed = false

    init(size: Int, connect: @escaping Connect) {
        self.size = max(size, 1)
        self.connect = connect
    }

    /// A connection for the caller alone, until it hands it back with `release`.
    func lease() async throws -> PostgresConnection {
        while true {
            guard !closed else { throw PoolClosed() }
            if let connection = idle.popLast() {
                if connection.isClosed {
                    opened -= 1
                    continue
                }
                return connection
            }
            if opened < size {
                opened += 1
                do {
                    return try await connect()
                } catch {
                    opened -= 1
                    wakeOne()
                    throw error
                }
            }
            if let handed = try await withCheckedThrowingContinuation({ waiters.append($0) }) { return handed }
        }
    }

    /// Takes a connection back; a broken one (or one `discard`ed) is closed and its slot freed.
    func release(_ connection: PostgresConnection, discard: Bool = false) async {
        guard !closed, !discard, !connection.isClosed else {
            opened -= 1
            try? await connection.close()
            wakeOne()
            return
        }
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Closes every idle connection and refuses new leases; leased ones close as they come back.
    func close() async {
        closed = true
        for waiter in waiters { waiter.resume(throwing: PoolClosed()) }
        waiters = []
        let connections = idle
        idle = []
        opened -= connections.count
        for connection in connections { try? await connection.close() }
    }

    /// A pool released without `close()` still closes its idle connections, each kept alive until its close completes.
    deinit {
        for connection in idle {
            connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
    }

    struct PoolClosed: Error {}
}
