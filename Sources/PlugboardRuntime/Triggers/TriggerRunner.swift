import Foundation
import Logging
import PlugboardCore
import PlugboardStore
import ServiceLifecycle
import Synchronization

/// Supervises every active trigger this process holds the lease of: keeps each one's lifecycle, fires schedules when
/// due, and delivers stored events to their targets: a queued workflow run (in the same transaction that marks the
/// event delivered, so each event starts at most one run), or a POST to a callback URL through the egress guard.
///
/// Events are stored before anything is acknowledged, so a crash loses none; an event whose delivery fails is tried
/// again with back-off. On SIGTERM the runner lets go of its leases.
public final class TriggerRunner: Service, Sendable {
    let runtime: Runtime
    let workflows: WorkflowRunner
    let owner = Identifier.make("triggers")
    let lease: Duration
    let tick: Duration
    private let doorbell = AsyncSignal()
    private let supervised = Mutex<[String: Supervised]>([:])
    private let lastLeased = Mutex<ContinuousClock.Instant?>(nil)

    /// Tries of a callback delivery before the event is marked failed.
    static let maximumDeliveryAttempts = 12
    static let deliveryBackoff = RetryBackoff(afterFailures: 1, initial: .seconds(1), maximum: .seconds(300))

    /// One trigger as this runner drives it.
    struct Supervised: Sendable {
        var trigger: TriggerRecord
        var lifecycle = TriggerLifecycle()
        /// A schedule's rule and when it fires next.
        var schedule: TriggerSchedule?
        var nextFire: Date?
    }

    public init(runtime: Runtime, workflows: WorkflowRunner, lease: Duration = .seconds(30), tick: Duration = .seconds(1)) {
        self.runtime = runtime
        self.workflows = workflows
        self.lease = lease
        self.tick = tick
    }

    /// Creates and edits triggers, ringing this runner after each change.
    public var catalog: TriggerCatalog { TriggerCatalog(runtime: runtime, changed: { [self] in self.changed() }) }

    /// Receives webhooks, ringing this runner after each stored event.
    public var webhooks: WebhookReceiver { WebhookReceiver(catalog: catalog, stored: { [doorbell] in doorbell.fire() }) }

    private func changed() {
        lastLeased.withLock { $0 = nil }
        doorbell.fire()
    }

    public func run() async throws {
        let client = try await runtime.network.makeHTTPClient(HTTPClientOptions(maxResponseBytes: 64 << 10, maxRedirects: 0))
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                await self.pass(client: client)
                await self.doorbell.wait(timeout: self.tick)
            }
        } onGracefulShutdown: {
            self.doorbell.fire()
        }
        await client.shutdown()
        do {
            try await runtime.store.releaseTriggerLeases(owner: owner)
        } catch {
            runtime.logger.warning("Could not let go of trigger leases", metadata: ["error": "\(error)"])
        }
    }

    /// One look at everything: leases (when due or after a change), schedules, pending events.
    func pass(client: any HTTPTransport) async {
        do {
            try await renewLeasesIfDue()
            try await fireDueSchedules()
            try await deliverPending(client: client)
        } catch {
            runtime.logger.warning("The trigger runner's pass failed; it tries again", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Leases and lifecycles

    private func renewLeasesIfDue() async throws {
        let now = ContinuousClock.now
        let due = lastLeased.withLock { last in last.map { now - $0 >= lease / 3 } ?? true }
        guard due else { return }
        let held = try await runtime.store.leaseTriggers(owner: owner, until: Date().addingTimeInterval(lease.timeInterval), now: Date())
        lastLeased.withLock { $0 = now }
        let heldIDs = Set(held.map(\.id))
        var statuses: [(String, TriggerStatus)] = []
        supervised.withLock { supervised in
            for (id, var entry) in supervised where !heldIDs.contains(id) {
                _ = entry.lifecycle.stop()
                supervised[id] = nil
            }
            for trigger in held {
                var entry = supervised[trigger.id] ?? Supervised(trigger: trigger)
                var action: TriggerLifecycle.Action
                if supervised[trigger.id] == nil {
                    action = entry.lifecycle.start()
                } else if entry.trigger.version != trigger.version {
                    action = entry.lifecycle.connectorChanged()
                } else {
                    action = entry.lifecycle.retryDue(at: Date())
                }
                entry.trigger = trigger
                if action == .subscribe || action == .resubscribe {
                    statuses.append((trigger.id, subscribe(&entry)))
                } else if trigger.state != Self.status(of: entry.lifecycle).state {
                    statuses.append((trigger.id, Self.status(of: entry.lifecycle)))
                }
                supervised[trigger.id] = entry
            }
        }
        for (id, status) in statuses { try await runtime.store.setTriggerStatus(id: id, status) }
    }

    /// Opens the trigger's source. Webhooks need nothing opened; a schedule works out when it fires next.
    private func subscribe(_ entry: inout Supervised) -> TriggerStatus {
        let now = Date()
        do {
            switch try TriggerCatalog.checkOptions(source: entry.trigger.source, entry.trigger.options) {
            case .webhook:
                entry.schedule = nil
            case .schedule(let schedule):
                let lastFired = entry.trigger.cursor?.objectValue?["lastFired"]?.stringValue.flatMap(ISO8601.date(from:))
                let resumed = schedule.resume(lastFired: lastFired, now: now)
                entry.schedule = schedule
                entry.nextFire = resumed.fireNow ? now : resumed.next
            }
            _ = entry.lifecycle.subscribed(at: now)
        } catch {
            _ = entry.lifecycle.failed(Runtime.connectorError(from: error, logger: runtime.logger), at: now)
        }
        return Self.status(of: entry.lifecycle)
    }

    static func status(of lifecycle: TriggerLifecycle) -> TriggerStatus {
        switch lifecycle.state {
        case .pending: return TriggerStatus(state: "pending")
        case .subscribed: return TriggerStatus(state: "subscribed")
        case .failed(let error, let retryAt): return TriggerStatus(state: "failed", lastError: error.json, retryAt: retryAt)
        case .unsubscribed: return TriggerStatus(state: "unsubscribed")
        }
    }

    // MARK: Schedules

    /// Stores an event for every schedule that is due, with its new cursor in the same transaction.
    private func fireDueSchedules() async throws {
        let now = Date()
        let due = supervised.withLock { supervised in
            supervised.values.compactMap { entry -> (TriggerRecord, Date)? in
                guard let fire = entry.nextFire, fire <= now else { return nil }
                return (entry.trigger, fire)
            }
        }
        for (trigger, scheduledAt) in due {
            let stamp = ISO8601.string(from: scheduledAt)
            let event = TriggerEventRecord(
                triggerID: trigger.id, applicationID: trigger.applicationID, dedupKey: "schedule:\(stamp)",
                payload: ["scheduledAt": .string(stamp), "firedAt": .string(ISO8601.string(from: now))])
            _ = try await runtime.store.insertTriggerEvent(event, cursor: ["lastFired": .string(stamp)])
            supervised.withLock { supervised in
                guard var entry = supervised[trigger.id] else { return }
                entry.nextFire = entry.schedule?.next(after: max(now, scheduledAt))
                supervised[trigger.id] = entry
            }
        }
    }

    // MARK: Delivery

    private func deliverPending(client: any HTTPTransport) async throws {
        let held = supervised.withLock { $0.mapValues(\.trigger) }
        guard !held.isEmpty else { return }
        for event in try await runtime.store.pendingTriggerEvents(now: Date(), limit: 100) {
            guard let trigger = held[event.triggerID] else { continue }
            switch trigger.target {
            case .workflow(let workflowID):
                try await deliver(event, of: trigger, toWorkflow: workflowID)
            case .url(let url):
                try await deliver(event, of: trigger, to: url, client: client)
            }
        }
    }

    /// Queues the event's run and marks it delivered in one transaction.
    private func deliver(_ event: TriggerEventRecord, of trigger: TriggerRecord, toWorkflow workflowID: String) async throws {
        let store = runtime.store
        do {
            guard let workflow = try await store.workflow(applicationID: trigger.applicationID, workflowID) else {
                throw ConnectorError.notFound("workflow", workflowID)
            }
            let run = try WorkflowCatalog.run(
                of: workflow, input: Self.input(of: event, trigger: trigger), startedBy: "trigger \(trigger.name)", eventID: event.id)
            try await store.deliverTriggerEvent(id: event.id, run: run, at: Date())
            workflows.ring()
        } catch let error as ConnectorError {
            // The workflow is gone or refuses the event's shape: trying again would not help.
            try await store.failTriggerEventDelivery(id: event.id, error: error.json, attempts: event.attempts + 1, retryAt: nil)
        }
    }

    /// POSTs the event to the callback URL; a 2xx is delivery, anything else is tried again with back-off.
    private func deliver(_ event: TriggerEventRecord, of trigger: TriggerRecord, to url: String, client: any HTTPTransport) async throws {
        let body = JSONValue.object([
            "id": .string(event.id), "trigger": ["id": .string(trigger.id), "name": .string(trigger.name)],
            "dedupKey": .string(event.dedupKey), "receivedAt": .string(ISO8601.string(from: event.receivedAt)), "payload": event.payload,
        ]).jsonBytes()
        let request = HTTPRequestMessage(
            method: "POST", url: url,
            headers: [("Content-Type", "application/json"), ("Plugboard-Event-Id", event.id), ("Plugboard-Dedup-Key", event.dedupKey)],
            body: body)
        let attempts = event.attempts + 1
        do {
            let response = try await client.send(request, deadline: .now + .seconds(10))
            guard (200..<300).contains(response.status) else {
                throw ConnectorError(.upstreamError, message: "The callback URL answered \(response.status).", retryable: true)
            }
            try await runtime.store.deliverTriggerEvent(id: event.id, run: nil, at: Date())
        } catch {
            let failure = Runtime.connectorError(from: error, logger: runtime.logger)
            let wait = Self.deliveryBackoff.window(afterConsecutiveFailures: attempts) ?? .seconds(1)
            let retryAt = attempts < Self.maximumDeliveryAttempts ? Date().addingTimeInterval(wait.timeInterval) : nil
            try await runtime.store.failTriggerEventDelivery(id: event.id, error: failure.json, attempts: attempts, retryAt: retryAt)
        }
    }

    /// A run's input from an event: the event's payload with its id and dedup key, which the target sees.
    static func input(of event: TriggerEventRecord, trigger: TriggerRecord) -> JSONValue {
        guard case .object(var object) = event.payload else { return event.payload }
        object["event"] = ["id": .string(event.id), "dedupKey": .string(event.dedupKey), "trigger": .string(trigger.name)]
        return .object(object)
    }
}
