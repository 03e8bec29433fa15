import PlugboardCore

/// One consumer-group member between requests, without I/O: the id and generation the coordinator gave, whether this
/// member leads, and what each error code in a JoinGroup, SyncGroup, Heartbeat, OffsetFetch or OffsetCommit answer
/// asks the member to do next.
struct GroupMembership: Sendable {
    /// What the member does after an answer.
    enum Reaction: Sendable, Hashable {
        /// Carry on.
        case proceed
        /// Join again, keeping the member id (a rebalance began, or the generation moved on).
        case rejoin
        /// Find the coordinator again: it moved, or is not ready.
        case findCoordinator
        /// Ask again after a pause: the coordinator is still loading the group.
        case retry
        /// Give up: the group cannot be kept (a bad group id, a refused ACL…).
        case fail(KafkaErrorCode)
    }

    let group: String
    /// Empty before the first join, and after the coordinator forgot the member.
    private(set) var memberID = ""
    private(set) var generation: Int32 = -1
    private(set) var isLeader = false
    /// The assignor the group chose in the last join.
    private(set) var protocolName = ""

    init(group: String) { self.group = group }

    /// Takes in a JoinGroup answer.
    mutating func joined(_ response: JoinGroupRequest.Response) -> Reaction {
        switch response.errorCode.rawValue {
        case 0:
            memberID = response.memberID
            generation = response.generation
            isLeader = response.leader == response.memberID
            protocolName = response.protocolName
            return .proceed
        case 79:
            // MEMBER_ID_REQUIRED (KIP-394): the coordinator names the id to join with.
            memberID = response.memberID
            return .rejoin
        default:
            return react(to: response.errorCode)
        }
    }

    /// Takes in the error code of a SyncGroup, Heartbeat, OffsetFetch or OffsetCommit answer.
    mutating func answered(_ code: KafkaErrorCode) -> Reaction {
        code == .none ? .proceed : react(to: code)
    }

    /// The member left the group (or is about to): a later join starts afresh.
    mutating func left() {
        memberID = ""
        generation = -1
        isLeader = false
    }

    private mutating func react(to code: KafkaErrorCode) -> Reaction {
        switch code.rawValue {
        case 22, 27:
            // ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS
            return .rejoin
        case 25:
            // UNKNOWN_MEMBER_ID: the session ran out; join as a new member.
            left()
            return .rejoin
        case 15, 16:
            return .findCoordinator
        case 14:
            return .retry
        default:
            return .fail(code)
        }
    }

    /// Why the group cannot be kept, for the trigger's failure.
    static func failure(_ code: KafkaErrorCode, group: String) -> ConnectorError {
        switch code.rawValue {
        case 24: return ConnectorError.invalidInput("Kafka refused the consumer group id '\(group)' (\(code)).", field: "options.group")
        case 26:
            return ConnectorError(
                .invalidInput, message: "Kafka refused the session timeout (\(code)): it lies outside the broker's group.min/max.session.timeout.ms.",
                fix: "Choose a session timeout the broker allows.")
        case 23:
            return ConnectorError(
                .invalidInput, message: "The group '\(group)' has members that share no assignor with Plugboard (\(code)).",
                fix: "Give every member of the group the range or roundrobin assignor, or use a group of its own.")
        default: return KafkaFailure.error(code, doing: "keep a member in the consumer group '\(group)'")
        }
    }

    /// The leader's work after a join: every member's partitions, encoded for SyncGroup, by the assignor the group
    /// chose. `partitionCounts` must cover every topic a member reads (a topic missing there is skipped).
    static func assignments(
        _ response: JoinGroupRequest.Response, partitionCounts: [String: Int]
    ) throws -> [String: [UInt8]] {
        guard let assignor = PartitionAssignor(rawValue: response.protocolName) else {
            throw ConnectorError(.upstreamError, message: "The group chose the assignor '\(response.protocolName)', which Plugboard does not offer.")
        }
        return assignor.assign(subscriptions: try subscriptions(response), partitionCounts: partitionCounts)
            .mapValues { ConsumerProtocol.assignment($0) }
    }

    /// Each member's topics, as the leader's JoinGroup answer lists them.
    static func subscriptions(_ response: JoinGroupRequest.Response) throws -> [String: [String]] {
        do {
            return try response.members.mapValues { try ConsumerProtocol.readSubscription($0) }
        } catch {
            throw ConnectorError(.upstreamError, message: "A member of the group sent a subscription that does not parse: \(error).")
        }
    }
}
