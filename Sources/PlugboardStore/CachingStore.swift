import Foundation
import PlugboardCore
import Synchronization

/// A `Store` that remembers the lookups every request makes (token, application, connector, credential) for a
/// short time, so the hot path does not read the database several times per execution.
///
/// Writes go straight through and drop what they may have changed, so this process sees its own changes at once.
/// Another replica's changes arrive through the base store's change feed (`forget(_:)`, from `StoreChangeListener`)
/// and are seen at once; `lifetime` bounds how stale a lookup can be when an announcement is lost. Misses are not
/// remembered, so new rows appear at once.
public final class CachingStore: Store {
    let base: any Store
    private let lifetime: Duration
    private let tokens = Mutex(Cache<TokenRecord>())
    private let applications = Mutex(Cache<ApplicationRecord>())
    private let connectors = Mutex(Cache<ConnectorRecord>())
    private let credentials = Mutex(Cache<CredentialRecord>())

    /// Entries of one kind, and a generation bumped by every write that may change them.
    private struct Cache<Value> {
        var entries: [String: (value: Value, expires: ContinuousClock.Instant)] = [:]
        var generation = 0
    }

    /// Entries kept per kind before expired ones are dropped.
    static let capacity = 10_000

    /// A cache in front of `base`; remembered lookups live for `lifetime`, which bounds how stale another process's
    /// change can look when no announcement of it arrives.
    public init(_ base: any Store, lifetime: Duration = .seconds(2)) {
        self.base = base
        self.lifetime = lifetime
    }

    /// The base store's announcements of other processes' changes, when it is shared.
    public var changeFeed: (any StoreChangeFeed)? { base as? any StoreChangeFeed }

    /// Drops what another process's change may have made stale.
    public func forget(_ change: StoreChange) {
        switch change.kind {
        case .credentials: forget(credentials)
        case .connectors: forget(connectors)
        case .tokens: forget(tokens)
        default: break
        }
    }

    /// Drops everything remembered: when announcements may have been missed (the listening connection failed).
    public func forgetAll() {
        forget(tokens)
        forget(applications)
        forget(connectors)
        forget(credentials)
    }

    private func remembered<Value: Sendable>(
        _ cache: borrowing Mutex<Cache<Value>>, _ key: String, load: () async throws -> Value?
    ) async throws -> Value? {
        let now = ContinuousClock.now
        let (hit, generation) = cache.withLock { cache in (cache.entries[key].flatMap { $0.expires > now ? $0.value : nil }, cache.generation) }
        if let hit { return hit }
        guard let value = try await load() else { return nil }
        cache.withLock { cache in
            // A write that finished while this read ran may have changed the row: do not keep what was read.
            guard cache.generation == generation else { return }
            if cache.entries.count >= Self.capacity { cache.entries = cache.entries.filter { $0.value.expires > now } }
            if cache.entries.count >= Self.capacity { cache.entries.removeAll() }
            cache.entries[key] = (value, now + lifetime)
        }
        return value
    }

    private func forget<Value>(_ cache: borrowing Mutex<Cache<Value>>) {
        cache.withLock { cache in
            cache.entries.removeAll()
            cache.generation += 1
        }
    }

    /// Closes the base store.
    public func close() async { await base.close() }

    // MARK: Cached lookups

    /// The token by hash, remembered; authenticates every request.
    public func token(hash: String) async throws -> TokenRecord? {
        try await remembered(tokens, hash) { try await base.token(hash: hash) }
    }

    /// The application by id or name, remembered.
    public func application(_ reference: String) async throws -> ApplicationRecord? {
        try await remembered(applications, reference) { try await base.application(reference) }
    }

    /// The connector by id or name within the application, remembered.
    public func connector(applicationID: String, _ reference: String) async throws -> ConnectorRecord? {
        try await remembered(connectors, applicationID + "/" + reference) { try await base.connector(applicationID: applicationID, reference) }
    }

    /// The credential by id or name within the application, remembered.
    public func credential(applicationID: String, _ reference: String) async throws -> CredentialRecord? {
        try await remembered(credentials, applicationID + "/" + reference) { try await base.credential(applicationID: applicationID, reference) }
    }

    // MARK: Writes: through, then forget what they may have changed

    /// Written through; nothing to forget, since misses are not remembered.
    public func insertApplication(_ application: ApplicationRecord) async throws {
        try await base.insertApplication(application)
    }

    /// Written through; nothing to forget, since misses are not remembered.
    public func insertCredential(_ credential: CredentialRecord) async throws {
        try await base.insertCredential(credential)
    }

    /// Written through, then remembered credentials are dropped.
    public func updateCredential(_ credential: CredentialRecord, expectedVersion: Int) async throws {
        defer { forget(credentials) }
        try await base.updateCredential(credential, expectedVersion: expectedVersion)
    }

    /// Written through, then remembered credentials are dropped.
    public func deleteCredential(applicationID: String, id: String) async throws {
        defer { forget(credentials) }
        try await base.deleteCredential(applicationID: applicationID, id: id)
    }

    /// Written through, then remembered credentials are dropped.
    public func replaceSealedSecret(credentialID: String, from old: SealedSecret, to new: SealedSecret) async throws {
        defer { forget(credentials) }
        try await base.replaceSealedSecret(credentialID: credentialID, from: old, to: new)
    }

    /// Written through; nothing to forget, since misses are not remembered.
    public func insertConnector(_ connector: ConnectorRecord) async throws {
        try await base.insertConnector(connector)
    }

    /// Written through, then remembered connectors are dropped.
    public func updateConnector(_ connector: ConnectorRecord, expectedVersion: Int) async throws {
        defer { forget(connectors) }
        try await base.updateConnector(connector, expectedVersion: expectedVersion)
    }

    /// Written through, then remembered connectors are dropped.
    public func deleteConnector(applicationID: String, id: String) async throws {
        defer { forget(connectors) }
        try await base.deleteConnector(applicationID: applicationID, id: id)
    }

    /// Written through; nothing to forget, since misses are not remembered.
    public func insertToken(_ token: TokenRecord) async throws {
        try await base.insertToken(token)
    }

    /// Written through, then remembered tokens are dropped, so a deleted token stops working at once here.
    public func deleteToken(id: String) async throws {
        defer { forget(tokens) }
        try await base.deleteToken(id: id)
    }

    // MARK: Uncached

    /// Read from the base store; lists are not cached.
    public func applications(_ page: PageRequest) async throws -> Page<ApplicationRecord> { try await base.applications(page) }
    /// Read from the base store; lists are not cached.
    public func credentials(applicationID: String, _ page: PageRequest) async throws -> Page<CredentialRecord> {
        try await base.credentials(applicationID: applicationID, page)
    }
    /// Read from the base store.
    public func credentialNames(ids: [String]) async throws -> [String: String] { try await base.credentialNames(ids: ids) }
    /// Read from the base store.
    public func credentialIDs(notWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)] {
        try await base.credentialIDs(notWrappedBy: keyID)
    }
    /// Read from the base store.
    public func credentialCountsByKey() async throws -> [String: Int] { try await base.credentialCountsByKey() }
    /// Written through; sign-ins are not cached.
    public func insertAuthorization(_ authorization: OAuth2AuthorizationRecord) async throws { try await base.insertAuthorization(authorization) }
    /// Taken from the base store.
    public func takeAuthorization(stateHash: String) async throws -> OAuth2AuthorizationRecord? {
        try await base.takeAuthorization(stateHash: stateHash)
    }
    /// Read from the base store; lists are not cached.
    public func connectors(applicationID: String, filter: ConnectorFilter, _ page: PageRequest) async throws -> Page<ConnectorRecord> {
        try await base.connectors(applicationID: applicationID, filter: filter, page)
    }
    /// Written through to the base store.
    public func insertDependent(_ dependent: DependentRecord) async throws { try await base.insertDependent(dependent) }
    /// Written through to the base store.
    public func deleteDependent(id: String) async throws { try await base.deleteDependent(id: id) }
    /// Read from the base store.
    public func dependents(connectorID: String) async throws -> [DependentRecord] { try await base.dependents(connectorID: connectorID) }
    /// Read from the base store.
    public func tokens(applicationID: String?) async throws -> [TokenRecord] { try await base.tokens(applicationID: applicationID) }
    /// Read from the base store.
    public func tokenCount() async throws -> Int { try await base.tokenCount() }
    /// Written through; remembered tokens keep their older `lastUsedAt` until they expire.
    public func touchToken(id: String, at date: Date) async throws { try await base.touchToken(id: id, at: date) }
    /// Written through to the base store.
    public func insertExecutions(_ executions: [ExecutionRecord]) async throws { try await base.insertExecutions(executions) }
    /// Read from the base store; lists are not cached.
    public func executions(applicationID: String, filter: ExecutionFilter, _ page: PageRequest) async throws -> Page<ExecutionRecord> {
        try await base.executions(applicationID: applicationID, filter: filter, page)
    }
    /// Deleted in the base store.
    public func deleteExecutions(startedBefore cutoff: Date) async throws -> Int { try await base.deleteExecutions(startedBefore: cutoff) }
    /// Read from the base store.
    public func metadata(_ key: String) async throws -> Data? { try await base.metadata(key) }
    /// Written through to the base store.
    public func setMetadata(_ key: String, _ value: Data) async throws { try await base.setMetadata(key, value) }
}
