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
        /// Set when the lease first brings the trigger, or when it or its connector changed: the next look acts on it.
        var change: Change? = .started
        /// The connector version a node source runs on.
        var connectorVersion: Int?
        /// A schedule's rule and when it fires next.
        var schedule: TriggerSchedule?
        var nextFire: Date?
        /// A node source's running task, stopped by firing its signal.
        var source: AsyncSignal?
        /// The source it replaces after an edit, stopped once the new one listens: make before break, so no event
        /// falls between them (one arriving at both is stored once when the source gives it a stable dedup key).
        var retiring: AsyncSignal?

        /// Every source task this trigger has running.
        var sources: [AsyncSignal] { [source, retiring].compactMap { $0 } }

        enum Change: Sendable { case started, edited }
    }

    /// Where services reach this server (`PLUGBOARD_PUBLIC_URL`), for the webhook addresses node sources register.
    let publicURL: String?

    public init(
        runtime: Runtime, workflows: WorkflowRunner, lease: Duration = .seconds(30), tick: Duration = .seconds(1), publicURL: String? = nil
    ) {
        self.runtime = runtime
        self.workflows = workflows
        self.lease = lease
        self.tick = tick
        self.publicURL = publicURL
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
            await withDiscardingTaskGroup { group in
                group.addTask { await self.followConnectorChanges() }
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    await self.pass(client: client, sources: &group)
                    await self.doorbell.wait(timeout: self.tick)
                }
                for signal in self.supervised.withLock({ $0.values.flatMap(\.sources) }) { signal.fire() }
                group.cancelAll()
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

    /// A connector edited in this process moves its triggers' sources to the new version at once; edits elsewhere are
    /// seen at the next lease renewal.
    private func followConnectorChanges() async {
        for await change in runtime.changes.subscribe() where change.kind == .connectors {
            changed()
        }
    }

    /// One look at everything: leases (when due or after a change), lifecycles, schedules, pending events.
    func pass(client: any HTTPTransport, sources group: inout DiscardingTaskGroup) async {
        do {
            try await renewLeasesIfDue()
            for (trigger, signal) in try await reconcile() {
                group.addTask { await self.runSource(of: trigger, until: signal) }
            }
            try await fireDueSchedules()
            try await deliverPending(client: client)
        } catch {
            runtime.logger.warning("The trigger runner's pass failed; it tries again", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Leases and lifecycles

    /// Takes or renews the leases, and notes which triggers are new, edited, or gone (their sources are stopped).
    private func renewLeasesIfDue() async throws {
        let now = ContinuousClock.now
        let due = lastLeased.withLock { last in last.map { now - $0 >= lease / 3 } ?? true }
        guard due else { return }
        let held = try await runtime.store.leaseTriggers(owner: owner, until: Date().addingTimeInterval(lease.timeInterval), now: Date())
        lastLeased.withLock { $0 = now }
        var connectorVersions: [String: Int] = [:]
        for trigger in held {
            if let id = trigger.connectorID, let connector = try await runtime.store.connector(applicationID: trigger.applicationID, id) {
                connectorVersions[trigger.id] = connector.version
            }
        }
        let heldIDs = Set(held.map(\.id))
        let stopped = supervised.withLock { supervised -> [AsyncSignal] in
            var stopped: [AsyncSignal] = []
            for (id, entry) in supervised where !heldIDs.contains(id) {
                stopped += entry.sources
                supervised[id] = nil
            }
            for trigger in held {
                guard var entry = supervised[trigger.id] else {
                    supervised[trigger.id] = Supervised(trigger: trigger, connectorVersion: connectorVersions[trigger.id])
                    continue
                }
                if entry.trigger.version != trigger.version || entry.connectorVersion != connectorVersions[trigger.id] {
                    entry.change = entry.change ?? .edited
                }
                entry.trigger = trigger
                entry.connectorVersion = connectorVersions[trigger.id]
                supervised[trigger.id] = entry
            }
            return stopped
        }
        for signal in stopped { signal.fire() }
    }

    /// Drives each trigger's lifecycle one step: start the new, move the edited, retry the failed whose wait is over.
    /// Returns the node sources to start; built-in sources subscribe here.
    private func reconcile() async throws -> [(TriggerRecord, AsyncSignal)] {
        let now = Date()
        var statuses: [(String, TriggerStatus)] = []
        var starts: [(TriggerRecord, AsyncSignal)] = []
        var stops: [AsyncSignal] = []
        supervised.withLock { supervised in
            for (id, var entry) in supervised {
                let action: TriggerLifecycle.Action
                switch entry.change {
                case .started?: action = entry.lifecycle.start()
                case .edited?: action = entry.lifecycle.connectorChanged()
                case nil: action = entry.lifecycle.retryDue(at: now)
                }
                entry.change = nil
                let before = Self.status(of: entry.lifecycle)
                if action == .subscribe || action == .resubscribe {
                    if let retiring = entry.retiring { stops.append(retiring) }
                    entry.retiring = action == .resubscribe ? entry.source : nil
                    if action == .subscribe, let old = entry.source { stops.append(old) }
                    entry.source = nil
                    if TriggerCatalog.builtInSources.contains(entry.trigger.source) {
                        subscribeBuiltIn(&entry, at: now)
                    } else {
                        let signal = AsyncSignal()
                        entry.source = signal
                        starts.append((entry.trigger, signal))
                    }
                }
                let after = Self.status(of: entry.lifecycle)
                if after != before || after.state != entry.trigger.state {
                    statuses.append((id, after))
                    entry.trigger.state = after.state
                }
                supervised[id] = entry
            }
        }
        for signal in stops { signal.fire() }
        for (id, status) in statuses { try await runtime.store.setTriggerStatus(id: id, status) }
        return starts
    }

    /// Webhooks need nothing opened; a schedule works out when it fires next.
    private func subscribeBuiltIn(_ entry: inout Supervised, at now: Date) {
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
    }

    /// Runs a node source until `signal` fires (the trigger was paused, edited, deleted or lost) or it breaks; a break
    /// fails the trigger, and a later look subscribes it again once the back-off is over.
    private func runSource(of trigger: TriggerRecord, until signal: AsyncSignal) async {
        let sink = SourceSink(
            subscribed: { await self.sourceSubscribed(trigger.id, signal) },
            deliver: { event in try await self.store(event, from: trigger) })
        let failure: ConnectorError? = await withTaskGroup(of: ConnectorError?.self) { group in
            group.addTask {
                do {
                    try await self.runtime.runSource(
                        of: trigger, webhookURL: self.publicURL.map { $0 + "/hooks/\(trigger.id)" }, secrets: try self.catalog.secrets(of: trigger),
                        sink: sink)
                    return ConnectorError(.upstreamError, message: "The source stopped without an error.", retryable: true)
                } catch {
                    return Runtime.connectorError(from: error, logger: self.runtime.logger)
                }
            }
            group.addTask {
                await signal.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let failure else { return }
        let (status, retiring) = supervised.withLock { supervised -> (TriggerStatus?, AsyncSignal?) in
            guard var entry = supervised[trigger.id], entry.source === signal else { return (nil, nil) }
            _ = entry.lifecycle.failed(failure, at: Date())
            let retiring = entry.retiring
            entry.source = nil
            entry.retiring = nil
            supervised[trigger.id] = entry
            return (Self.status(of: entry.lifecycle), retiring)
        }
        retiring?.fire()
        guard let status else { return }
        runtime.logger.notice(
            "A trigger's source failed; it subscribes again after a pause",
            metadata: ["trigger": "\(trigger.name)", "code": "\(failure.code)", "message": "\(failure.message)"])
        try? await runtime.store.setTriggerStatus(id: trigger.id, status)
    }

    /// The source listens: the one it replaced (if any) stops now.
    private func sourceSubscribed(_ triggerID: String, _ signal: AsyncSignal) async {
        let (status, retiring) = supervised.withLock { supervised -> (TriggerStatus?, AsyncSignal?) in
            guard var entry = supervised[triggerID], entry.source === signal else { return (nil, nil) }
            _ = entry.lifecycle.subscribed(at: Date())
            let retiring = entry.retiring
            entry.retiring = nil
            supervised[triggerID] = entry
            return (Self.status(of: entry.lifecycle), retiring)
        }
        retiring?.fire()
        if let status { try? await runtime.store.setTriggerStatus(id: triggerID, status) }
    }

    /// Stores a source's event with its cursor; returns once it is durable.
    private func store(_ event: SourceEvent, from trigger: TriggerRecord) async throws {
        let record = TriggerEventRecord(triggerID: trigger.id, applicationID: trigger.applicationID, dedupKey: event.dedupKey, payload: event.payload)
        if try await runtime.store.insertTriggerEvent(record, cursor: event.cursor) { doorbell.fire() }
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
