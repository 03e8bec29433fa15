import Testing

@testable import ConnectorsQueues

/// The consumer protocol's payloads byte for byte as kafka-python encodes them, and the range and round-robin
/// assignors on the examples Kafka's own documentation gives.
@Suite struct ConsumerGroupTests {
    @Test func subscriptionsAndAssignmentsAsKafkaPythonEncodesThem() throws {
        let subscription = ConsumerProtocol.subscription(topics: ["orders", "t1"])
        #expect(subscription == KafkaWireTests.hex("00000000000200066f726465727300027431ffffffff"))
        #expect(try ConsumerProtocol.readSubscription(subscription) == ["orders", "t1"])
        let assignment = ConsumerProtocol.assignment(["t1": [1], "orders": [2, 0]])
        #expect(assignment == KafkaWireTests.hex("00000000000200066f726465727300000002000000000000000200027431000000010000000100000000"))
        #expect(try ConsumerProtocol.readAssignment(assignment) == ["orders": [0, 2], "t1": [1]])
        #expect(try ConsumerProtocol.readAssignment([]) == [:])
    }

    /// RangeAssignor's Javadoc: C0 and C1 on t0 and t1 of three partitions each.
    @Test func rangeAsJavaDocumentsIt() {
        let assigned = PartitionAssignor.range.assign(subscriptions: ["C0": ["t0", "t1"], "C1": ["t0", "t1"]], partitionCounts: ["t0": 3, "t1": 3])
        #expect(assigned["C0"] == ["t0": [0, 1], "t1": [0, 1]])
        #expect(assigned["C1"] == ["t0": [2], "t1": [2]])
        let crowded = PartitionAssignor.range.assign(subscriptions: ["a": ["t"], "b": ["t"], "c": ["t"]], partitionCounts: ["t": 2])
        #expect(crowded["a"] == ["t": [0]] && crowded["b"] == ["t": [1]] && crowded["c"] == [:], "a member beyond the partitions gets none")
    }

    /// RoundRobinAssignor's Javadoc: the same group, partitions dealt in turn; and members subscribed differently.
    @Test func roundRobinAsJavaDocumentsIt() {
        let assigned = PartitionAssignor.roundRobin.assign(subscriptions: ["C0": ["t0", "t1"], "C1": ["t0", "t1"]], partitionCounts: ["t0": 3, "t1": 3])
        #expect(assigned["C0"] == ["t0": [0, 2], "t1": [1]])
        #expect(assigned["C1"] == ["t0": [1], "t1": [0, 2]])
        // Javadoc's second example: C0 reads t0; C1 reads t0 and t1; C2 reads t0, t1 and t2 (1, 2 and 3 partitions).
        let uneven = PartitionAssignor.roundRobin.assign(
            subscriptions: ["C0": ["t0"], "C1": ["t0", "t1"], "C2": ["t0", "t1", "t2"]], partitionCounts: ["t0": 1, "t1": 2, "t2": 3])
        #expect(uneven["C0"] == ["t0": [0]])
        #expect(uneven["C1"] == ["t1": [0]])
        #expect(uneven["C2"] == ["t1": [1], "t2": [0, 1, 2]])
    }
}
