import Logging
import PlugboardRuntime
import PlugboardStore
import ServiceLifecycle
import Synchronization

/// Follows the shared store's announcements of other replicas' changes: drops what they made stale from the read
/// cache, tells this process's MCP sessions when an application's tools changed, and follows a master-key rotation
/// (`keysChanged`). When the listening connection fails, everything cached is dropped (an announcement may have been
/// missed), and on listening again the keys are checked too.
public struct StoreChangeListener: Service {
    let cache: CachingStore
    let feed: any StoreChangeFeed
    let changes: CatalogChanges
    let logger: Logger
    /// Reads the master keys again after another replica rotated them.
    let keysChanged: @Sendable () async -> Void
    /// The wait before listening again after a failure.
    let retryDelay: Duration
    private let state = ListeningState()

    /// Whether announcements reach this process now (false before the first `LISTEN`, and while listening again).
    public var isListening: Bool { state.listening.load(ordering: .relaxed) }

    /// Follows `feed` for `cache`, announcing catalog changes on `changes` and key changes to `keysChanged`.
    public init(
        cache: CachingStore, feed: any StoreChangeFeed, changes: CatalogChanges, logger: Logger,
        retryDelay: Duration = .seconds(1), keysChanged: @escaping @Sendable () async -> Void = {}
    ) {
        self.cache = cache
        self.feed = feed
        self.changes = changes
        self.logger = logger
        self.retryDelay = retryDelay
        self.keysChanged = keysChanged
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await feed.followChanges(started: {
                        cache.forgetAll()
                        await keysChanged()
                        state.listening.store(true, ordering: .relaxed)
                    }) { change in await receive(change) }
                } catch {
                    logger.warning("Listening for other replicas' changes failed; the cache was cleared", metadata: ["error": "\(error)"])
                }
                state.listening.store(false, ordering: .relaxed)
                cache.forgetAll()
                try? await Task.sleep(for: retryDelay)
            }
        }
    }

    private func receive(_ change: StoreChange) async {
        cache.forget(change)
        if change.kind == .keys { await keysChanged() }
        guard let applicationID = change.applicationID else { return }
        switch change.kind {
        case .connectors: changes.publish(CatalogChange(applicationID: applicationID, kind: .connectors))
        case .toolBindings: changes.publish(CatalogChange(applicationID: applicationID, kind: .toolBindings))
        case .workflows: changes.publish(CatalogChange(applicationID: applicationID, kind: .workflows))
        default: break
        }
    }
}

/// Whether a listener's `LISTEN` is in place, shared by the copies of the listener value.
private final class ListeningState: Sendable {
    let listening = Atomic<Bool>(false)
}
