import Logging
import PlugboardRuntime
import Synchronization

/// One session's tool table, read once and kept until a change is announced.
final class AgentToolCache: Sendable {
    private let applicationID: String
    private let runtime: Runtime
    private let logger: Logger
    /// The table, and a generation bumped by every invalidation so a read that raced one is not kept.
    private let state = Mutex<(table: AgentToolTable?, generation: Int)>((nil, 0))

    init(applicationID: String, runtime: Runtime, logger: Logger) {
        self.applicationID = applicationID
        self.runtime = runtime
        self.logger = logger
    }

    /// The table, read from the store when it is not cached.
    func table() async throws -> AgentToolTable {
        let (cached, generation) = state.withLock { ($0.table, $0.generation) }
        if let cached { return cached }
        let table = try await AgentToolTable.load(applicationID: applicationID, runtime: runtime, logger: logger)
        state.withLock { if $0.generation == generation { $0.table = table } }
        return table
    }

    /// Forgets the table, so the next request reads the bindings again.
    func invalidate() {
        state.withLock {
            $0.table = nil
            $0.generation += 1
        }
    }
}
