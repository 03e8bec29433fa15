import Foundation
import Logging
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardRuntime
import PlugboardServer
@testable import PlugboardStore
import PlugboardTestSupport
import Testing

/// Two replicas on one PostgreSQL schema, the second reading through a cache whose entries never expire during the
/// test: only the change feed (and its backstop) can make the second see the first's changes.
@Suite struct StoreChangeFeedTests {
    struct Replicas {
        let writer: any Store
        let reader: CachingStore
        let catalog: CatalogChanges
        let app: ApplicationRecord
        let connector: ConnectorRecord
    }

    /// Runs `body` with the reader's listener running beside it, as `plugboard serve` runs it.
    static func withReplicas(_ body: @escaping @Sendable (Replicas) async throws -> Void) async throws {
        let stores = try await SharedStoreTests.replicas(2, url: try StoreTestDatabase.freshSchemaURL())
        let reader = CachingStore(stores[1], lifetime: .seconds(3600))
        let catalog = CatalogChanges()
        let app = ApplicationRecord(name: "feed")
        try await stores[0].insertApplication(app)
        let connector = ConnectorRecord(applicationID: app.id, name: "api", description: "v1", type: "t", options: [:], credentialID: nil)
        try await stores[0].insertConnector(connector)
        let listener = StoreChangeListener(
            cache: reader, feed: try #require(reader.changeFeed), changes: catalog, logger: Logger(label: "listener"),
            retryDelay: .seconds(2))
        let replicas = Replicas(writer: stores[0], reader: reader, catalog: catalog, app: app, connector: connector)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            defer { group.cancelAll() }
            #expect(try await eventually { try await listening(replicas) })
            try await body(replicas)
        }
        await SharedStoreTests.close(stores)
    }

    /// Whether the listener's connection has run its `LISTEN` (announcements from now on reach it).
    static func listening(_ replicas: Replicas) async throws -> Bool {
        let postgres = try #require(replicas.writer as? PostgresStore)
        return try await postgres.read { session in
            try await session.count(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'idle' AND query = \(listenStatement(postgres))")
        } == 1
    }

    /// The statement PostgresNIO sends to listen on the store's channel.
    static func listenStatement(_ store: PostgresStore) -> String { "LISTEN \"\(store.changeChannel)\";" }

    static func describe(_ replicas: Replicas, as description: String, version: Int) async throws {
        var changed = replicas.connector
        changed.description = description
        changed.version = version
        try await replicas.writer.updateConnector(changed, expectedVersion: version - 1)
    }

    static func readerSees(_ replicas: Replicas, _ description: String) async throws -> Bool {
        try await replicas.reader.connector(applicationID: replicas.app.id, "api")?.description == description
    }

    @Test func anotherReplicasChangeReachesTheCacheAndTheToolList() async throws {
        try await Self.withReplicas { replicas in
            let listChanges = replicas.catalog.subscribe()
            try await Self.describe(replicas, as: "v2", version: 2)
            #expect(try await eventually { try await Self.readerSees(replicas, "v2") })
            try await Self.describe(replicas, as: "v3", version: 3)
            #expect(try await eventually { try await Self.readerSees(replicas, "v3") }, "the cached v2 was dropped when v3 was announced")
            let change = await firstElement(of: listChanges)
            #expect(change == CatalogChange(applicationID: replicas.app.id, kind: .connectors), "MCP sessions here are told")
        }
    }

    @Test func whenTheListeningConnectionDropsTheCacheIsCleared() async throws {
        try await Self.withReplicas { replicas in
            try await Self.describe(replicas, as: "v2", version: 2)
            #expect(try await eventually { try await Self.readerSees(replicas, "v2") })
            // The listener's connection is ended by the server, and a change made meanwhile is announced to no one.
            let postgres = try #require(replicas.writer as? PostgresStore)
            try await postgres.write { session in
                try await session.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = \(Self.listenStatement(postgres))")
            }
            try await Self.describe(replicas, as: "v3", version: 3)
            #expect(try await eventually { try await Self.readerSees(replicas, "v3") }, "listening again starts from an empty cache")
        }
    }
}
