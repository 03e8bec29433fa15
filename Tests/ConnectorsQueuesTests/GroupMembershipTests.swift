import PlugboardCore
import Testing

@testable import ConnectorsQueues

/// A member's reactions to the coordinator's answers, the leader's plan, and the `records` trigger's options and
/// events, without a broker.
@Suite struct GroupMembershipTests {
    static func joinAnswer(_ code: Int16, member: String = "m-1", leader: String = "m-1", generation: Int32 = 4) -> JoinGroupRequest.Response {
        JoinGroupRequest.Response(
            errorCode: KafkaErrorCode(code), generation: generation, protocolName: "range", leader: leader, memberID: member, members: [:])
    }

    @Test func aFirstJoinTakesTheIdTheCoordinatorNames() {
        var membership = GroupMembership(group: "g")
        #expect(membership.joined(Self.joinAnswer(79, generation: -1)) == .rejoin)
        #expect(membership.memberID == "m-1" && membership.generation == -1, "MEMBER_ID_REQUIRED gives the id to join with")
        #expect(membership.joined(Self.joinAnswer(0)) == .proceed)
        #expect(membership.generation == 4 && membership.isLeader && membership.protocolName == "range")
        #expect(membership.joined(Self.joinAnswer(0, member: "m-2", leader: "m-1", generation: 5)) == .proceed)
        #expect(!membership.isLeader)
    }

    @Test func eachAnswerSaysWhatToDoNext() {
        var membership = GroupMembership(group: "g")
        _ = membership.joined(Self.joinAnswer(0))
        #expect(membership.answered(.none) == .proceed)
        #expect(membership.answered(KafkaErrorCode(27)) == .rejoin && membership.memberID == "m-1", "a rebalance keeps the member id")
        #expect(membership.answered(KafkaErrorCode(22)) == .rejoin && membership.memberID == "m-1")
        #expect(membership.answered(KafkaErrorCode(16)) == .findCoordinator)
        #expect(membership.answered(KafkaErrorCode(15)) == .findCoordinator)
        #expect(membership.answered(KafkaErrorCode(14)) == .retry)
        #expect(membership.answered(KafkaErrorCode(30)) == .fail(KafkaErrorCode(30)))
        #expect(membership.answered(KafkaErrorCode(25)) == .rejoin)
        #expect(membership.memberID.isEmpty && membership.generation == -1, "an unknown member joins again as a new one")
    }

    @Test func refusalsBecomeClearErrors() {
        #expect(GroupMembership.failure(KafkaErrorCode(24), group: "").code == .invalidInput)
        #expect(GroupMembership.failure(KafkaErrorCode(30), group: "g").code == .permissionDenied)
        #expect(GroupMembership.failure(KafkaErrorCode(23), group: "g").message.contains("no assignor"))
    }

    @Test func theLeaderPlansWithTheAssignorTheGroupChose() throws {
        var answer = Self.joinAnswer(0)
        answer.members = [
            "m-1": ConsumerProtocol.subscription(topics: ["orders"]), "m-2": ConsumerProtocol.subscription(topics: ["orders", "audit"]),
        ]
        let plan = try GroupMembership.assignments(answer, partitionCounts: ["orders": 3, "audit": 1])
        #expect(try plan.mapValues { try ConsumerProtocol.readAssignment($0) } == ["m-1": ["orders": [0, 1]], "m-2": ["orders": [2], "audit": [0]]])
        answer.protocolName = "roundrobin"
        let dealt = try GroupMembership.assignments(answer, partitionCounts: ["orders": 3, "audit": 1])
        #expect(try dealt.mapValues { try ConsumerProtocol.readAssignment($0) } == ["m-1": ["orders": [0, 2]], "m-2": ["audit": [0], "orders": [1]]])
        answer.protocolName = "sticky"
        #expect(throws: ConnectorError.self) { try GroupMembership.assignments(answer, partitionCounts: [:]) }
    }

    @Test func triggerOptionsAndEvents() throws {
        #expect(throws: ConnectorError.self) { try RecordsOptions(["group": "g"]) }
        #expect(throws: ConnectorError.self) { try RecordsOptions(["topics": ["t"]]) }
        let options = try RecordsOptions(["topics": ["t"], "group": "g", "start": "earliest", "assignor": "roundrobin", "parseJSON": true])
        #expect(options.settings.assignors == [.roundRobin, .range] && options.settings.start == .earliest)
        #expect(options.settings.heartbeatInterval == .seconds(3) && options.settings.sessionTimeout == .seconds(30))
        let record = KafkaRecord(key: Array("k".utf8), value: Array(#"{"total":42}"#.utf8), headers: [KafkaHeader("h", Array("v".utf8))], timestamp: 0, offset: 41)
        let event = options.event(KafkaConsumedRecord(topic: "t", partition: 2, record: record))
        #expect(event.dedupKey == "t/2/41")
        #expect(event.payload["value"]?["total"] == 42 && event.payload["key"] == "k" && event.payload["headers"]?["h"] == "v")
        #expect(event.payload["topic"] == "t" && event.payload["partition"] == 2 && event.payload["offset"] == 41)
        let plain = try RecordsOptions(["topics": ["t"], "group": "g"]).event(KafkaConsumedRecord(topic: "t", partition: 0, record: record))
        #expect(plain.payload["value"] == #"{"total":42}"#, "text unless parseJSON")
    }
}
