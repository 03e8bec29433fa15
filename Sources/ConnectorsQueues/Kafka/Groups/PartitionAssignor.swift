/// How a group's leader shares partitions among members, exactly as Kafka's Java client (and kafka-python) do, so
/// Plugboard can lead a group whose other members are other clients, and follow one they lead.
public enum PartitionAssignor: String, Sendable, CaseIterable {
    /// Per topic: partitions in order, members in name order; each member gets a run, the first ones one more.
    case range
    /// All topics' partitions in (topic, partition) order dealt to the members in name order, skipping members not
    /// subscribed to a partition's topic.
    case roundRobin = "roundrobin"

    /// Each member's partitions by topic; every member appears, with no partitions if none fell to it.
    /// - Parameters:
    ///   - subscriptions: each member's topics, by member id
    ///   - partitionCounts: each topic's partition count (topics missing here are skipped)
    public func assign(subscriptions: [String: [String]], partitionCounts: [String: Int]) -> [String: [String: [Int32]]] {
        var result = Dictionary(uniqueKeysWithValues: subscriptions.keys.map { ($0, [String: [Int32]]()) })
        switch self {
        case .range:
            let topics = Set(subscriptions.values.flatMap { $0 })
            for topic in topics.sorted() {
                guard let count = partitionCounts[topic], count > 0 else { continue }
                let members = subscriptions.filter { $0.value.contains(topic) }.keys.sorted()
                let each = count / members.count
                let extra = count % members.count
                for (index, member) in members.enumerated() {
                    let start = each * index + min(index, extra)
                    let length = each + (index < extra ? 1 : 0)
                    if length > 0 { result[member, default: [:]][topic] = (start..<(start + length)).map { Int32($0) } }
                }
            }
        case .roundRobin:
            let members = subscriptions.keys.sorted()
            let topics = Set(subscriptions.values.flatMap { $0 }).sorted()
            var next = 0
            for topic in topics {
                guard let count = partitionCounts[topic] else { continue }
                for partition in 0..<count {
                    // The next member in the circle that reads this topic.
                    for step in 0..<members.count {
                        let member = members[(next + step) % members.count]
                        guard subscriptions[member]?.contains(topic) == true else { continue }
                        result[member, default: [:]][topic, default: []].append(Int32(partition))
                        next = (next + step + 1) % members.count
                        break
                    }
                }
            }
        }
        return result
    }
}
