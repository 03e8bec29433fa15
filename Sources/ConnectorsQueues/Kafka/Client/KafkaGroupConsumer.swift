import Logging
import PlugboardCore
import Synchronization

/// A record a consumer fetched, with the partition it came from.
public struct KafkaConsumedRecord: Sendable {
    public var topic: String
    public var partition: Int32
    public var record: KafkaRecord
}

/// How a consumer-group member behaves.
public struct KafkaGroupSettings: Sendable {
    public var group: String
    public var topics: [String]
    /// Offered to the group in this order; the group picks one every member offers.
    public var assignors: [PartitionAssignor]
    /// Where a partition without a committed offset (or with one the topic no longer holds) starts: earliest or latest.
    public var start: KafkaStart
    public var sessionTimeout: Duration
    public var rebalanceTimeout: Duration
    public var heartbeatInterval: Duration
    /// How long one Fetch waits for a record; a rebalance is noticed between fetches.
    public var maxWait: Duration
    public var maxBytes: Int32
    /// How long a request other than a join waits for its answer.
    public var requestTimeout: Duration

    public init(
        group: String, topics: [String], assignors: [PartitionAssignor] = [.range, .roundRobin], start: KafkaStart = .latest,
        sessionTimeout: Duration = .seconds(30), rebalanceTimeout: Duration = .seconds(60), heartbeatInterval: Duration = .seconds(3),
        maxWait: Duration = .milliseconds(500), maxBytes: Int32 = 4 << 20, requestTimeout: Duration = .seconds(30)
    ) {
        self.group = group
        self.topics = topics
        self.assignors = assignors
        self.start = start
        self.sessionTimeout = sessionTimeout
        self.rebalanceTimeout = rebalanceTimeout
        self.heartbeatInterval = heartbeatInterval
        self.maxWait = maxWait
        self.maxBytes = maxBytes
        self.requestTimeout = requestTimeout
    }
}

/// A member of a Kafka consumer group: joins (the leader assigns partitions with the range or round-robin
/// assignor), fetches its partitions from their leaders, hands each batch over and commits the batch's offsets only
/// after the handler returned (at least once), heartbeats beside the fetching, and joins again when the group
/// rebalances (a member came or went). Cancelling it leaves the group, so the others take its partitions at once.
public struct KafkaGroupConsumer: Sendable {
    let cluster: KafkaCluster
    let settings: KafkaGroupSettings
    let logger: Logger

    public init(cluster: KafkaCluster, settings: KafkaGroupSettings, logger: Logger) {
        self.cluster = cluster
        self.settings = settings
        self.logger = logger
    }

    /// Runs until cancelled, or until the group cannot be kept (then throws). `assigned` hears each generation's
    /// partitions; `handle` gets each fetched batch in offset order per partition.
    public func run(
        assigned: @escaping @Sendable ([KafkaTopicPartition]) async -> Void,
        handle: @escaping @Sendable ([KafkaConsumedRecord]) async throws -> Void
    ) async throws {
        var membership = GroupMembership(group: settings.group)
        var coordinator: KafkaConnection?
        do {
            while true {
                try Task.checkCancellation()
                let connection: KafkaConnection
                if let coordinator, coordinator.isActive {
                    connection = coordinator
                } else {
                    connection = try await cluster.coordinator(for: settings.group, timeout: settings.requestTimeout)
                    coordinator = connection
                }
                let reaction = try await generation(&membership, on: connection, assigned: assigned, handle: handle)
                switch reaction {
                case .proceed, .rejoin: continue
                case .findCoordinator: coordinator = nil
                case .retry: try await Task.sleep(for: .seconds(1))
                case .fail(let code): throw GroupMembership.failure(code, group: settings.group)
                }
            }
        } catch {
            if let coordinator, !membership.memberID.isEmpty { await leave(membership, on: coordinator) }
            throw error
        }
    }

    /// One generation: join, sync, find where to start, then fetch and heartbeat until the group rebalances.
    /// Returns what ended it.
    private func generation(
        _ membership: inout GroupMembership, on coordinator: KafkaConnection,
        assigned: @Sendable ([KafkaTopicPartition]) async -> Void, handle: @escaping @Sendable ([KafkaConsumedRecord]) async throws -> Void
    ) async throws -> GroupMembership.Reaction {
        let joined = try await coordinator.send(
            JoinGroupRequest(
                group: settings.group, sessionTimeoutMilliseconds: Self.milliseconds(settings.sessionTimeout),
                rebalanceTimeoutMilliseconds: Self.milliseconds(settings.rebalanceTimeout), memberID: membership.memberID,
                protocols: settings.assignors.map { ($0.rawValue, ConsumerProtocol.subscription(topics: settings.topics)) }),
            timeout: settings.rebalanceTimeout + settings.requestTimeout)
        var reaction = membership.joined(joined)
        guard reaction == .proceed else { return reaction }
        var plan: [String: [UInt8]] = [:]
        if membership.isLeader {
            let topics = Set(try GroupMembership.subscriptions(joined).values.flatMap { $0 })
            plan = try GroupMembership.assignments(joined, partitionCounts: try await cluster.partitionCounts(topics.sorted()))
        }
        let synced = try await coordinator.send(
            SyncGroupRequest(group: settings.group, generation: membership.generation, memberID: membership.memberID, assignments: plan),
            timeout: settings.rebalanceTimeout + settings.requestTimeout)
        reaction = membership.answered(synced.errorCode)
        guard reaction == .proceed else { return reaction }
        let assignment: [KafkaTopicPartition]
        do {
            assignment = try ConsumerProtocol.readAssignment(synced.assignment)
                .flatMap { topic, partitions in partitions.map { KafkaTopicPartition(topic, $0) } }
                .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        } catch {
            throw ConnectorError(.upstreamError, message: "The group's leader sent an assignment that does not parse: \(error).")
        }
        logger.info(
            "Kafka consumer group member assigned", metadata: [
                "group": "\(settings.group)", "generation": "\(membership.generation)", "leader": "\(membership.isLeader)",
                "partitions": "\(assignment.map(\.description).joined(separator: ","))",
            ])
        let (starting, fetchReaction) = try await startingPositions(assignment, membership: &membership, on: coordinator)
        guard fetchReaction == .proceed else { return fetchReaction }
        await assigned(assignment)
        return membership.answered(try await consume(from: starting, membership: membership, on: coordinator, handle: handle))
    }

    /// The group's committed offsets for the partitions; where none is committed, the start the settings name.
    private func startingPositions(
        _ assignment: [KafkaTopicPartition], membership: inout GroupMembership, on coordinator: KafkaConnection
    ) async throws -> ([KafkaTopicPartition: Int64], GroupMembership.Reaction) {
        guard !assignment.isEmpty else { return ([:], .proceed) }
        let committed = try await coordinator.send(
            OffsetFetchRequest(group: settings.group, partitions: assignment.map { ($0.topic, $0.partition) }), timeout: settings.requestTimeout)
        var positions: [KafkaTopicPartition: Int64] = [:]
        for entry in committed {
            let reaction = membership.answered(entry.errorCode)
            guard reaction == .proceed else { return ([:], reaction) }
            if entry.offset >= 0 { positions[KafkaTopicPartition(entry.topic, entry.partition)] = entry.offset }
        }
        for place in assignment where positions[place] == nil {
            positions[place] = try await cluster.position(place, start: settings.start)
        }
        return (positions, .proceed)
    }

    /// Fetches, hands over and commits until a heartbeat or a commit says the group moved on; returns the error
    /// code that said so.
    private func consume(
        from starting: [KafkaTopicPartition: Int64], membership: GroupMembership, on coordinator: KafkaConnection,
        handle: @escaping @Sendable ([KafkaConsumedRecord]) async throws -> Void
    ) async throws -> KafkaErrorCode {
        let ended = RebalanceSignal()
        return try await withThrowingTaskGroup(of: Ending.self) { group in
            group.addTask { .heartbeats(try await heartbeats(membership, on: coordinator, until: ended)) }
            group.addTask { .fetching(try await fetchLoop(from: starting, membership: membership, on: coordinator, until: ended, handle: handle)) }
            guard let first = try await group.next() else { return .none }
            ended.raise()
            switch first {
            case .fetching(let code):
                group.cancelAll()
                return code
            case .heartbeats(let code):
                // The fetching finishes its batch and commits it (the generation may still commit while the group
                // rebalances), then stops; a refused commit says more than the heartbeat.
                if case .fetching(let refused)? = try await group.next(), refused != .none { return refused }
                return code
            }
        }
    }

    private enum Ending: Sendable {
        case heartbeats(KafkaErrorCode)
        case fetching(KafkaErrorCode)
    }

    private func heartbeats(
        _ membership: GroupMembership, on coordinator: KafkaConnection, until ended: RebalanceSignal
    ) async throws -> KafkaErrorCode {
        while !ended.isRaised {
            try await Task.sleep(for: settings.heartbeatInterval)
            let code = try await coordinator.send(
                HeartbeatRequest(group: settings.group, generation: membership.generation, memberID: membership.memberID),
                timeout: settings.requestTimeout)
            if code != .none {
                logger.info("Kafka consumer group rebalances", metadata: ["group": "\(settings.group)", "answer": "\(code)"])
                return code
            }
        }
        return .none
    }

    private func fetchLoop(
        from starting: [KafkaTopicPartition: Int64], membership: GroupMembership, on coordinator: KafkaConnection,
        until ended: RebalanceSignal, handle: @Sendable ([KafkaConsumedRecord]) async throws -> Void
    ) async throws -> KafkaErrorCode {
        var positions = starting
        while !ended.isRaised {
            guard !positions.isEmpty else {
                // No partition fell to this member: it waits for the next rebalance.
                try await Task.sleep(for: settings.maxWait)
                continue
            }
            let answers = try await cluster.fetch(positions, maxWait: settings.maxWait, maxBytes: settings.maxBytes, timeout: settings.requestTimeout)
            var batch: [KafkaConsumedRecord] = []
            var next = positions
            var staleMetadata = false
            for answer in answers.sorted(by: { ($0.topic, $0.partition) < ($1.topic, $1.partition) }) {
                let place = KafkaTopicPartition(answer.topic, answer.partition)
                guard let position = positions[place] else { continue }
                switch answer.errorCode {
                case .none:
                    if let refusal = KafkaFailure.unreadable(answer.batches, topic: place.topic, partition: place.partition) { throw refusal }
                    let records = answer.batches.filter { !$0.isControl }.flatMap(\.records).filter { $0.offset >= position }
                    batch += records.map { KafkaConsumedRecord(topic: place.topic, partition: place.partition, record: $0) }
                    // Control batches (transaction markers) move the position too.
                    if let last = answer.batches.compactMap({ $0.records.last?.offset }).max(), last >= position { next[place] = last + 1 }
                case .offsetOutOfRange:
                    next[place] = try await cluster.position(place, start: settings.start)
                    logger.warning(
                        "Kafka offset out of range; starting again", metadata: ["partition": "\(place)", "from": "\(position)", "to": "\(next[place] ?? 0)"])
                case _ where KafkaFailure.isRetriable(answer.errorCode):
                    staleMetadata = true
                default:
                    throw KafkaFailure.error(answer.errorCode, doing: "read \(place)")
                }
            }
            if !batch.isEmpty { try await handle(batch) }
            let moved = next.filter { positions[$0.key] != $0.value }
            if !moved.isEmpty {
                let answer = try await coordinator.send(
                    OffsetCommitRequest(
                        group: settings.group, generation: membership.generation, memberID: membership.memberID,
                        offsets: moved.map { ($0.key.topic, $0.key.partition, $0.value) }),
                    timeout: settings.requestTimeout)
                // Not committed: the next owner of the partition reads those records again (at least once).
                if let refused = answer.first(where: { $0.errorCode != .none }) { return refused.errorCode }
                positions = next
            }
            if staleMetadata {
                // A leader moved or is being elected: ask again where the partitions live, after a pause.
                try await cluster.refresh(settings.topics)
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        return .none
    }

    /// LeaveGroup, best effort, even when the task is being cancelled: written without waiting for the answer.
    private func leave(_ membership: GroupMembership, on coordinator: KafkaConnection) async {
        await coordinator.post(LeaveGroupRequest(group: settings.group, memberID: membership.memberID))
    }

    static func milliseconds(_ duration: Duration) -> Int32 { Int32(clamping: Int64(duration.milliseconds)) }
}

/// Raised once a generation ends, for the heartbeats and the fetching to stop.
private final class RebalanceSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    var isRaised: Bool { raised.load(ordering: .acquiring) }
    func raise() { raised.store(true, ordering: .releasing) }
}
