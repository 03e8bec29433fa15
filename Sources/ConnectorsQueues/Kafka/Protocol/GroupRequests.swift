import NIOCore

/// FindCoordinator v1: the broker that coordinates a consumer group.
public struct FindCoordinatorRequest: KafkaRequest {
    public struct Response: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var nodeID: Int32
        public var host: String
        public var port: Int32
    }

    public static let apiKey = KafkaAPIKey.findCoordinator
    public static let version: Int16 = 1

    public var group: String

    public init(group: String) { self.group = group }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeInteger(Int8(0))  // a group, not a transaction
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let _: Int32 = try buffer.readKafkaInteger()  // throttle time
        let errorCode = KafkaErrorCode(try buffer.readKafkaInteger())
        _ = try buffer.readKafkaString()  // error message
        return Response(errorCode: errorCode, nodeID: try buffer.readKafkaInteger(), host: try buffer.readKafkaString() ?? "", port: try buffer.readKafkaInteger())
    }
}

/// JoinGroup v1: joins (or rejoins) a group; the leader gets every member's subscription.
public struct JoinGroupRequest: KafkaRequest {
    public struct Response: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var generation: Int32
        public var protocolName: String
        public var leader: String
        public var memberID: String
        /// Each member's protocol metadata (only the leader gets them).
        public var members: [String: [UInt8]]
    }

    public static let apiKey = KafkaAPIKey.joinGroup
    public static let version: Int16 = 1

    public var group: String
    public var sessionTimeoutMilliseconds: Int32
    public var rebalanceTimeoutMilliseconds: Int32
    /// Empty on a first join; the id the coordinator gave afterwards.
    public var memberID: String
    /// (assignor name, subscription) in preference order.
    public var protocols: [(name: String, metadata: [UInt8])]

    public init(group: String, sessionTimeoutMilliseconds: Int32, rebalanceTimeoutMilliseconds: Int32, memberID: String, protocols: [(name: String, metadata: [UInt8])]) {
        self.group = group
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.rebalanceTimeoutMilliseconds = rebalanceTimeoutMilliseconds
        self.memberID = memberID
        self.protocols = protocols
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeInteger(sessionTimeoutMilliseconds)
        buffer.writeInteger(rebalanceTimeoutMilliseconds)
        buffer.writeKafkaString(memberID)
        buffer.writeKafkaString(ConsumerProtocol.type)
        buffer.writeKafkaArray(protocols) { item, buffer in
            buffer.writeKafkaString(item.name)
            buffer.writeKafkaBytes(item.metadata)
        }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let errorCode = KafkaErrorCode(try buffer.readKafkaInteger())
        let generation: Int32 = try buffer.readKafkaInteger()
        let protocolName = try buffer.readKafkaString() ?? ""
        let leader = try buffer.readKafkaString() ?? ""
        let memberID = try buffer.readKafkaString() ?? ""
        let members = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> (String, [UInt8]) in
            (try buffer.readKafkaRequiredString(), try buffer.readKafkaBytes() ?? [])
        }
        return Response(
            errorCode: errorCode, generation: generation, protocolName: protocolName, leader: leader, memberID: memberID,
            members: Dictionary(members, uniquingKeysWith: { first, _ in first }))
    }
}

/// SyncGroup v0: the leader sends every member's assignment; each member gets its own back.
public struct SyncGroupRequest: KafkaRequest {
    public struct Response: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var assignment: [UInt8]
    }

    public static let apiKey = KafkaAPIKey.syncGroup
    public static let version: Int16 = 0

    public var group: String
    public var generation: Int32
    public var memberID: String
    /// Empty unless this member leads.
    public var assignments: [String: [UInt8]]

    public init(group: String, generation: Int32, memberID: String, assignments: [String: [UInt8]]) {
        self.group = group
        self.generation = generation
        self.memberID = memberID
        self.assignments = assignments
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeInteger(generation)
        buffer.writeKafkaString(memberID)
        buffer.writeKafkaArray(assignments.sorted { $0.key < $1.key }) { entry, buffer in
            buffer.writeKafkaString(entry.key)
            buffer.writeKafkaBytes(entry.value)
        }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        Response(errorCode: KafkaErrorCode(try buffer.readKafkaInteger()), assignment: try buffer.readKafkaBytes() ?? [])
    }
}

/// Heartbeat v0: keeps a member in its generation; REBALANCE_IN_PROGRESS says to join again.
public struct HeartbeatRequest: KafkaRequest {
    public static let apiKey = KafkaAPIKey.heartbeat
    public static let version: Int16 = 0

    public var group: String
    public var generation: Int32
    public var memberID: String

    public init(group: String, generation: Int32, memberID: String) {
        self.group = group
        self.generation = generation
        self.memberID = memberID
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeInteger(generation)
        buffer.writeKafkaString(memberID)
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> KafkaErrorCode {
        KafkaErrorCode(try buffer.readKafkaInteger())
    }
}

/// LeaveGroup v0: leaves at once, so the others rebalance without waiting for the session to time out.
public struct LeaveGroupRequest: KafkaRequest {
    public static let apiKey = KafkaAPIKey.leaveGroup
    public static let version: Int16 = 0

    public var group: String
    public var memberID: String

    public init(group: String, memberID: String) {
        self.group = group
        self.memberID = memberID
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeKafkaString(memberID)
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> KafkaErrorCode {
        KafkaErrorCode(try buffer.readKafkaInteger())
    }
}
