import Logging
import PlugboardRuntime
import PlugboardStore
import ServiceLifecycle

/// Follows the shared store's announcements of other replicas' changes: drops what they made stale from the read
/// cache and tells this process's MCP sessions when an application's tools changed. When the listening connection
/// fails, everything cached is dropped (an announcement may have been missed) and listening starts again.
public struct StoreChangeListener: Service {
    let cache: CachingStore
    let feed: any StoreChangeFeed
    let changes: CatalogChanges
    let logger: Logger
    /// The wait before listening again after a failure.
    let retryDelay: Duration

    /// Follows `feed` for `cache`, announcing catalog changes on `changes`.
    public init(cache: CachingStore, feed: any StoreChangeFeed, changes: CatalogChanges, logger: Logger, retryDelay: Duration = .seconds(1)) {
        self.cache = cache
        self.feed = feed
        self.changes = changes
        self.logger = logger
        self.retryDelay = retryDelay
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await feed.followChanges(started: { cache.forgetAll() }) { change in receive(change) }
                } catch {
                    logger.warning("Listening for other replicas' changes failed; the cache was cleared", metadata: ["error": "\(error)"])
                }
                cache.forgetAll()
                try? await Task.sleep(for: retryDelay)
            }
        }
    }

    private func receive(_ change: StoreChange) {
        cache.forget(change)
        guard let applicationID = change.applicationID else { return }
        switch change.kind {
        case .connectors: changes.publish(CatalogChange(applicationID: applicationID, kind: .connectors))
        case .toolBindings: changes.publish(CatalogChange(applicationID: applicationID, kind: .toolBindings))
        case .workflows: changes.publish(CatalogChange(applicationID: applicationID, kind: .workflows))
        default: break
        }
    }
}
