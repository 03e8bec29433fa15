import Foundation
import Logging
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardServer
import PlugboardStore
import Testing

/// Several replicas on one PostgreSQL schema, as a shared deployment runs: each "replica" is a store of its own
/// (its own connections) on the same database.
@Suite struct SharedStoreTests {
    static func replicas(_ count: Int, url: String) async throws -> [any Store] {
        let location = try StoreLocation.from(environment: [StoreLocation.environmentVariable: url], dataDirectory: NSTemporaryDirectory())
        return try await withThrowingTaskGroup(of: (any Store).self) { group in
            for _ in 0..<count { group.addTask { try await location.open(logger: Logger(label: "replica")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func close(_ stores: [any Store]) async {
        for store in stores { await store.close() }
    }

    @Test func replicasStartingTogetherMigrateOnce() async throws {
        let stores = try await Self.replicas(4, url: try StoreTestDatabase.freshSchemaURL())
        for store in stores {
            let postgres = try #require(store as? PostgresStore)
            #expect(try await postgres.schemaVersion() == PostgresStore.latestSchemaVersion)
        }
        // What one replica writes, the others read.
        let app = ApplicationRecord(name: "shared")
        try await stores[0].insertApplication(app)
        for store in stores.dropFirst() { #expect(try await store.application("shared")?.id == app.id) }
        await Self.close(stores)
    }

    @Test func aLapsedTriggerLeaseGoesToExactlyOneReplica() async throws {
        let stores = try await Self.replicas(2, url: try StoreTestDatabase.freshSchemaURL())
        let app = ApplicationRecord(name: "leases")
        try await stores[0].insertApplication(app)
        for index in 0..<10 {
            try await stores[0].insertTrigger(TriggerRecord(applicationID: app.id, name: "t\(index)", source: "schedule", target: .url("http://x.test")))
        }
        let now = Date()
        #expect(try await stores[0].leaseTriggers(owner: "a", until: now.addingTimeInterval(30), now: now).count == 10)
        #expect(try await stores[1].leaseTriggers(owner: "b", until: now.addingTimeInterval(30), now: now).isEmpty, "a holds every lease")

        // "a" died: both survivors race for the lapsed leases, and each trigger goes to one of them.
        let later = now.addingTimeInterval(31)
        async let c = stores[0].leaseTriggers(owner: "c", until: later.addingTimeInterval(30), now: later)
        async let d = stores[1].leaseTriggers(owner: "d", until: later.addingTimeInterval(30), now: later)
        let (taken, alsoTaken) = try await (c, d)
        #expect(Set(taken.map(\.id)).isDisjoint(with: alsoTaken.map(\.id)))
        #expect(taken.count + alsoTaken.count == 10)
        await Self.close(stores)
    }

    @Test func replicasClaimingAtOnceNeverTakeARunTwiceNorExceedTheConcurrency() async throws {
        let stores = try await Self.replicas(3, url: try StoreTestDatabase.freshSchemaURL())
        let app = ApplicationRecord(name: "runs")
        try await stores[0].insertApplication(app)
        let open = WorkflowRecord(applicationID: app.id, name: "open", steps: [], concurrency: 100)
        let narrow = WorkflowRecord(applicationID: app.id, name: "narrow", steps: [], concurrency: 3)
        try await stores[0].insertWorkflow(open)
        try await stores[0].insertWorkflow(narrow)
        for workflow in [open, narrow] {
            for _ in 0..<30 {
                try await stores[0].insertRun(WorkflowRunRecord(
                    applicationID: app.id, workflowID: workflow.id, workflowName: workflow.name, steps: [], input: [:], startedBy: "t"))
            }
        }
        // Rounds of every replica claiming at once (two runners each), until a round finds nothing more to take.
        let now = Date()
        var claimed: [WorkflowRunRecord] = []
        for round in 0..<20 {
            let taken = try await withThrowingTaskGroup(of: [WorkflowRunRecord].self) { group in
                for (index, store) in stores.enumerated() {
                    for runner in 0..<2 {
                        group.addTask {
                            try await store.claimRuns(
                                owner: "r\(index)-\(runner)-\(round)", leaseUntil: now.addingTimeInterval(30), now: now, limit: 4)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            if taken.isEmpty { break }
            claimed += taken
        }
        #expect(Set(claimed.map(\.id)).count == claimed.count, "no run is claimed twice")
        #expect(claimed.filter { $0.workflowID == narrow.id }.count == 3, "the narrow workflow runs three at once, across replicas")
        #expect(claimed.filter { $0.workflowID == open.id }.count == 30)
        await Self.close(stores)
    }
}
