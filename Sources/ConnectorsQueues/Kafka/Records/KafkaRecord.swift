/// One record: a key, a value and headers, with its time and (once read back) its offset.
public struct KafkaRecord: Sendable, Hashable {
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// Milliseconds since 1970.
    public var timestamp: Int64
    /// The record's offset in its partition; set when read from a broker, ignored when written.
    public var offset: Int64

    public init(key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], timestamp: Int64, offset: Int64 = 0) {
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
        self.offset = offset
    }
}

/// A record header: a name and bytes (which may be null).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]?

    public init(_ key: String, _ value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
