import Foundation
import PlugboardCore

/// One record to publish.
struct KafkaRecordInput: FieldSet {
    var key: String?
    var value: JSONValue?
    var base64: String?
    var headers: FieldMap<String> = [:]
    var partition: Int?

    init() {}

    static let fields = FieldList<Self> {
        Field("key", \.key, title: "Key", description: "Records with the same key go to the same partition (murmur2, as the Java client).")
        Field("value", \.value, title: "Value", description: "Text as it is; any other JSON value is written as JSON.")
        Field("base64", \.base64, title: "Value (base64)", description: "Bytes, instead of value.")
        Field("headers", \.headers, title: "Headers", description: "Names and text values.")
        Field("partition", \.partition, title: "Partition", description: "Chosen by the key when empty.", minimum: 0)
    }

    func outgoing(at index: Int, timestamp: Int64) throws(ConnectorError) -> KafkaOutgoing {
        let bytes: [UInt8]?
        switch (value, base64) {
        case (let value?, nil):
            if case .string(let text) = value { bytes = Array(text.utf8) } else { bytes = Array(value.jsonString().utf8) }
        case (nil, let encoded?):
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("Record \(index)'s base64 is not valid.", field: "records[\(index)].base64")
            }
            bytes = Array(data)
        case (nil, nil): bytes = nil
        default: throw .invalidInput("Give record \(index)'s value as value or as base64, not both.", field: "records[\(index)].value")
        }
        let record = KafkaRecord(
            key: key.map { Array($0.utf8) }, value: bytes, headers: headers.map { KafkaHeader($0.0, Array($0.1.utf8)) }, timestamp: timestamp)
        return KafkaOutgoing(record: record, partition: partition.map { Int32(clamping: $0) })
    }
}

struct KafkaPublishInput: FieldSet {
    var topic = ""
    var records: [KafkaRecordInput] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("topic", \.topic, title: "Topic", minLength: 1, required: true)
        Field("records", \.records, title: "Records", description: "Published in one request per broker.", required: true)
    }
}

struct KafkaListTopicsInput: FieldSet {
    var includeInternal = false

    init() {}

    static let fields = FieldList<Self> {
        Field("includeInternal", \.includeInternal, title: "Include internal topics", description: "Such as __consumer_offsets.")
    }
}

struct KafkaCreateTopicInput: FieldSet {
    var topic = ""
    var partitions = 1
    var replicationFactor = -1

    init() {}

    static let fields = FieldList<Self> {
        Field("topic", \.topic, title: "Topic", minLength: 1, maxLength: 249, required: true)
        Field("partitions", \.partitions, title: "Partitions", minimum: 1, maximum: 10_000)
        Field("replicationFactor", \.replicationFactor, title: "Replication factor", description: "-1 takes the broker's default.", minimum: -1, maximum: 32)
    }
}

struct KafkaReadInput: FieldSet {
    var topic = ""
    var partition = 0
    var offset: Int?
    var timestamp: String?
    var fromEnd = false
    var maxRecords = 100
    var encoding = BytesEncoding.auto

    init() {}

    static let fields = FieldList<Self> {
        Field("topic", \.topic, title: "Topic", minLength: 1, required: true)
        Field("partition", \.partition, title: "Partition", minimum: 0)
        Field("offset", \.offset, title: "From offset", description: "The first offset to read; the earliest when neither this nor a time is given.", minimum: 0)
        Field("timestamp", \.timestamp, title: "From time", description: "The first record at or after this time (ISO 8601).")
        Field("fromEnd", \.fromEnd, title: "Only newer records", description: "Start at the end: with nothing new, nothing comes back.")
        Field("maxRecords", \.maxRecords, title: "Records at most", minimum: 1, maximum: 10_000)
        Field("encoding", \.encoding, title: "Keys and values as", description: "auto gives text for UTF-8 and base64 otherwise.")
    }

    func start() throws(ConnectorError) -> KafkaStart {
        let given = [offset != nil, timestamp != nil, fromEnd].filter { $0 }.count
        guard given <= 1 else { throw .invalidInput("Give one of offset, timestamp and fromEnd.", field: "offset") }
        if let offset { return .offset(Int64(offset)) }
        if let timestamp {
            guard let date = ISO8601.date(from: timestamp) else {
                throw .invalidInput("'\(timestamp)' is not an ISO 8601 time such as 2026-12-04T10:00:00Z.", field: "timestamp")
            }
            return .timestamp(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        }
        return fromEnd ? .latest : .earliest
    }
}
