import Foundation
import PlugboardCore
import PlugboardStore
import Testing

@Suite struct WorkflowStoreTests {
    struct Setup {
        let fixture: StoreFixture
        let app: ApplicationRecord
        let workflow: WorkflowRecord
        let trigger: TriggerRecord
        var store: any Store { fixture.store }
    }

    static func setUp(_ kind: StoreKind, concurrency: Int = 4) async throws -> Setup {
        let fixture = try await StoreFixture(kind)
        let app = ApplicationRecord(name: "flows")
        try await fixture.store.insertApplication(app)
        let connector = ConnectorRecord(applicationID: app.id, name: "api", description: "", type: "plugboard.nodes.rest", options: [:], credentialID: nil)
        try await fixture.store.insertConnector(connector)
        let workflow = WorkflowRecord(
            applicationID: app.id, name: "wf",
            steps: [WorkflowStep(name: "call", target: .action(connector: connector.id, action: "request"))], concurrency: concurrency)
        try await fixture.store.insertWorkflow(workflow)
        let trigger = TriggerRecord(applicationID: app.id, name: "hook", source: "webhook", target: .workflow(workflow.id))
        try await fixture.store.insertTrigger(trigger)
        return Setup(fixture: fixture, app: app, workflow: workflow, trigger: trigger)
    }

    @Test(arguments: StoreKind.allCases) func anEventIsStoredOncePerDedupKeyAndStartsOneRun(_ kind: StoreKind) async throws {
        let setup = try await Self.setUp(kind)
        defer { setup.fixture.remove() }
        let store = setup.store
        let event = TriggerEventRecord(triggerID: setup.trigger.id, applicationID: setup.app.id, dedupKey: "k1", payload: ["n": 1])
        #expect(try await store.insertTriggerEvent(event, cursor: ["offset": 1]))
        let duplicate = TriggerEventRecord(triggerID: setup.trigger.id, applicationID: setup.app.id, dedupKey: "k1", payload: ["n": 2])
        #expect(try await !store.insertTriggerEvent(duplicate, cursor: nil))
        let trigger = try #require(try await store.trigger(id: setup.trigger.id))
        #expect(trigger.eventCount == 1 && trigger.cursor == ["offset": 1])

        let pending = try await store.pendingTriggerEvents(now: Date(), limit: 10)
        #expect(pending.map(\.id) == [event.id] && pending.first?.payload == ["n": 1])
        func run() -> WorkflowRunRecord {
            WorkflowRunRecord(
                applicationID: setup.app.id, workflowID: setup.workflow.id, workflowName: "wf", steps: setup.workflow.steps, input: [:],
                eventID: event.id, startedBy: "trigger hook")
        }
        try await store.deliverTriggerEvent(id: event.id, run: run(), at: Date())
        // A second delivery of the same event (a runner that died before it saw the first commit) queues nothing new.
        try await store.deliverTriggerEvent(id: event.id, run: run(), at: Date())
        let runs = try await store.runs(applicationID: setup.app.id, workflowID: setup.workflow.id, PageRequest())
        #expect(runs.total == 1 && runs.items.first?.eventID == event.id)
        #expect(try await store.pendingTriggerEvents(now: Date(), limit: 10).isEmpty)
        let listed = try await store.triggerEvents(triggerID: setup.trigger.id, PageRequest())
        #expect(listed.items.first?.status == .delivered && listed.items.first?.runID == runs.items.first?.id)
    }

    @Test(arguments: StoreKind.allCases) func runsAreClaimedWithinTheWorkflowsConcurrencyAndLapsedLeasesMove(_ kind: StoreKind) async throws {
        let setup = try await Self.setUp(kind, concurrency: 2)
        defer { setup.fixture.remove() }
        let store = setup.store
        for _ in 0..<3 {
            try await store.insertRun(WorkflowRunRecord(
                applicationID: setup.app.id, workflowID: setup.workflow.id, workflowName: "wf", steps: setup.workflow.steps, input: [:], startedBy: "t"))
        }
        let now = Date()
        let first = try await store.claimRuns(owner: "a", leaseUntil: now.addingTimeInterval(30), now: now, limit: 10)
        #expect(first.count == 2 && first.allSatisfy { $0.status == .running })
        let second = try await store.claimRuns(owner: "b", leaseUntil: now.addingTimeInterval(30), now: now, limit: 10)
        #expect(second.isEmpty, "the workflow allows two at once")

        try await store.finishRun(id: first[0].id, status: .succeeded, output: ["ok": true], error: nil, at: now)
        let third = try await store.claimRuns(owner: "b", leaseUntil: now.addingTimeInterval(30), now: now, limit: 10)
        #expect(third.count == 1)

        // "a" dies: once its lease lapses, "b" takes its run over, step results and all.
        try await store.recordStepResult(runID: first[1].id, WorkflowStepResult(
            index: 0, name: "call", status: .succeeded, attempts: 1, startedAt: now, durationMs: 3, output: ["x": 1]))
        let later = now.addingTimeInterval(31)
        let moved = try await store.claimRuns(owner: "b", leaseUntil: later.addingTimeInterval(30), now: later, limit: 10)
        #expect(moved.map(\.id) == [first[1].id] && moved.first?.stepResults.first?.output == ["x": 1])
    }

    @Test(arguments: StoreKind.allCases) func cancellingAQueuedRunEndsItAndAnEndedRunRefuses(_ kind: StoreKind) async throws {
        let setup = try await Self.setUp(kind)
        defer { setup.fixture.remove() }
        let store = setup.store
        let run = WorkflowRunRecord(
            applicationID: setup.app.id, workflowID: setup.workflow.id, workflowName: "wf", steps: setup.workflow.steps, input: [:], startedBy: "t")
        try await store.insertRun(run)
        let cancelled = try await store.requestRunCancel(applicationID: setup.app.id, id: run.id)
        #expect(cancelled.status == .cancelled && cancelled.error?["code"] == "cancelled")
        await #expect(throws: ConnectorError.self) { try await store.requestRunCancel(applicationID: setup.app.id, id: run.id) }
        #expect(try await store.claimRuns(owner: "a", leaseUntil: Date().addingTimeInterval(30), now: Date(), limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aConnectorUsedByAWorkflowIsNotDeletedUntilTheWorkflowMovesOff(_ kind: StoreKind) async throws {
        let setup = try await Self.setUp(kind)
        defer { setup.fixture.remove() }
        let store = setup.store
        let connectorID = try #require(setup.workflow.connectorIDs.first)
        await #expect(throws: ConnectorError.self) { try await store.deleteConnector(applicationID: setup.app.id, id: connectorID) }
        var moved = setup.workflow
        moved.steps = [WorkflowStep(name: "nested", target: .workflow("wf_other"))]
        moved.version += 1
        try await store.updateWorkflow(moved, expectedVersion: setup.workflow.version)
        await #expect(throws: ConnectorError.self, "a stale version is refused") {
            try await store.updateWorkflow(moved, expectedVersion: setup.workflow.version)
        }
        try await store.deleteConnector(applicationID: setup.app.id, id: connectorID)
    }
}
