import CompressNIO
import NIOCore

/// A record batch, message format v2 (magic 2): the unit a Produce request carries and a Fetch response returns.
///
///     baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8 (2), crc uint32 (CRC-32C of
///     everything after it), attributes int16, lastOffsetDelta int32, baseTimestamp int64, maxTimestamp int64,
///     producerId int64, producerEpoch int16, baseSequence int32, records [count int32, then each record:
///     length varint, attributes int8, timestampDelta varlong, offsetDelta varint, key varint-length bytes,
///     value varint-length bytes, headers [count varint, each key varint-length string, value varint-length bytes]]
///
/// Compression (attributes bits 0–2) covers the records after the count; `none` and `gzip` are read and written. A
/// batch in another compression is read without its records (`isReadable` false), for the reader to refuse clearly.
public struct KafkaRecordBatch: Sendable, Hashable {
    /// Attributes bits 0–2.
    public enum Compression: Int16, Sendable {
        case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4
    }

    public var baseOffset: Int64 = 0
    /// -1 from producers (Java's `NO_PARTITION_LEADER_EPOCH`); the broker sets it.
    public var partitionLeaderEpoch: Int32 = -1
    public var compression = Compression.none
    /// Attributes bit 3: the timestamps are the broker's log-append times.
    public var logAppendTime = false
    public var isTransactional = false
    public var isControl = false
    public var producerID: Int64 = -1
    public var producerEpoch: Int16 = -1
    public var baseSequence: Int32 = -1
    public var records: [KafkaRecord]

    public init(records: [KafkaRecord]) {
        self.records = records
    }

    /// Whether its records were read: false for snappy, lz4 and zstd, which Plugboard does not decompress.
    public var isReadable: Bool { compression == .none || compression == .gzip }

    static let magic: Int8 = 2
    /// Bytes from the start of the batch to the end of the CRC (baseOffset, batchLength, epoch, magic, crc).
    static let headerThroughCRC = 8 + 4 + 4 + 1 + 4

    var attributes: Int16 {
        compression.rawValue | (logAppendTime ? 0x08 : 0) | (isTransactional ? 0x10 : 0) | (isControl ? 0x20 : 0)
    }

    // MARK: Writing

    /// The most a compressed batch may grow to when read (a small batch that inflates past it is refused).
    static let maximumInflated = 64 << 20

    /// Appends the batch; record offsets and times are written as deltas from the first record's.
    public func write(into buffer: inout ByteBuffer) throws(KafkaWireError) {
        guard compression == .none || compression == .gzip else { throw KafkaWireError("writing \(compression) batches is not supported") }
        let baseTimestamp = records.first?.timestamp ?? 0
        buffer.writeInteger(baseOffset)
        let lengthAt = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(partitionLeaderEpoch)
        buffer.writeInteger(Self.magic)
        let crcAt = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(attributes)
        buffer.writeInteger(Int32(max(records.count - 1, 0)))
        buffer.writeInteger(baseTimestamp)
        buffer.writeInteger(records.map(\.timestamp).max() ?? baseTimestamp)
        buffer.writeInteger(producerID)
        buffer.writeInteger(producerEpoch)
        buffer.writeInteger(baseSequence)
        buffer.writeInteger(Int32(records.count))
        var body = ByteBuffer()
        for (index, record) in records.enumerated() {
            Self.write(record, offsetDelta: Int64(index), timestampDelta: record.timestamp - baseTimestamp, into: &body)
        }
        if compression == .gzip {
            do {
                body = try body.compress(with: .gzip())
            } catch {
                throw KafkaWireError("the records could not be compressed: \(error)")
            }
        }
        buffer.writeBuffer(&body)
        buffer.setInteger(Int32(buffer.writerIndex - lengthAt - 4), at: lengthAt)
        let covered = buffer.viewBytes(at: crcAt + 4, length: buffer.writerIndex - crcAt - 4) ?? ByteBufferView()
        buffer.setInteger(CRC32C.checksum(covered), at: crcAt)
    }

    private static func write(_ record: KafkaRecord, offsetDelta: Int64, timestampDelta: Int64, into buffer: inout ByteBuffer) {
        var body = ByteBuffer()
        body.writeInteger(Int8(0))
        body.writeKafkaVarint(timestampDelta)
        body.writeKafkaVarint(offsetDelta)
        writeVarintBytes(record.key, into: &body)
        writeVarintBytes(record.value, into: &body)
        body.writeKafkaVarint(Int64(record.headers.count))
        for header in record.headers {
            writeVarintBytes(Array(header.key.utf8), into: &body)
            writeVarintBytes(header.value, into: &body)
        }
        buffer.writeKafkaVarint(Int64(body.readableBytes))
        buffer.writeBuffer(&body)
    }

    private static func writeVarintBytes(_ bytes: [UInt8]?, into buffer: inout ByteBuffer) {
        guard let bytes else { return buffer.writeKafkaVarint(-1) }
        buffer.writeKafkaVarint(Int64(bytes.count))
        buffer.writeBytes(bytes)
    }

    // MARK: Reading

    /// Every batch in a Fetch response's record set. A batch cut off at the end (brokers send whole batches only up
    /// to a size, so the last may be partial) is left unread; a checksum that does not match is an error.
    public static func readAll(from buffer: inout ByteBuffer) throws(KafkaWireError) -> [KafkaRecordBatch] {
        var batches: [KafkaRecordBatch] = []
        while buffer.readableBytes >= 12 {
            guard let length = buffer.getInteger(at: buffer.readerIndex + 8, as: Int32.self), length >= 0 else {
                throw KafkaWireError("a record batch has a negative length")
            }
            guard buffer.readableBytes >= 12 + Int(length) else { break }
            guard var slice = buffer.readSlice(length: 12 + Int(length)) else { throw .truncated }
            batches.append(try read(&slice))
        }
        return batches
    }

    /// One whole batch.
    static func read(_ buffer: inout ByteBuffer) throws(KafkaWireError) -> KafkaRecordBatch {
        let baseOffset: Int64 = try buffer.readKafkaInteger()
        let _: Int32 = try buffer.readKafkaInteger()
        let epoch: Int32 = try buffer.readKafkaInteger()
        let magic: Int8 = try buffer.readKafkaInteger()
        guard magic == Self.magic else { throw KafkaWireError("a record batch has magic \(magic); only version 2 is read") }
        let crc: UInt32 = try buffer.readKafkaInteger()
        guard CRC32C.checksum(buffer.readableBytesView) == crc else {
            throw KafkaWireError("a record batch's CRC-32C does not match its content")
        }
        let attributes: Int16 = try buffer.readKafkaInteger()
        guard let compression = Compression(rawValue: attributes & 0x07) else {
            throw KafkaWireError("a record batch has unknown compression \(attributes & 0x07)")
        }
        let _: Int32 = try buffer.readKafkaInteger()  // lastOffsetDelta
        let baseTimestamp: Int64 = try buffer.readKafkaInteger()
        let _: Int64 = try buffer.readKafkaInteger()  // maxTimestamp
        var batch = KafkaRecordBatch(records: [])
        batch.baseOffset = baseOffset
        batch.partitionLeaderEpoch = epoch
        batch.compression = compression
        batch.logAppendTime = attributes & 0x08 != 0
        batch.isTransactional = attributes & 0x10 != 0
        batch.isControl = attributes & 0x20 != 0
        batch.producerID = try buffer.readKafkaInteger()
        batch.producerEpoch = try buffer.readKafkaInteger()
        batch.baseSequence = try buffer.readKafkaInteger()
        let count: Int32 = try buffer.readKafkaInteger()
        var body: ByteBuffer
        switch compression {
        case .none: body = buffer
        case .gzip:
            do {
                body = try buffer.decompress(with: .gzip(), maxSize: maximumInflated)
            } catch {
                throw KafkaWireError("a gzip record batch does not inflate (corrupt, or larger than \(maximumInflated >> 20) MiB): \(error)")
            }
        default: return batch
        }
        guard count >= 0, Int(count) <= body.readableBytes else { throw KafkaWireError("a record batch claims \(count) records") }
        for _ in 0..<count {
            batch.records.append(try readRecord(from: &body, baseOffset: baseOffset, baseTimestamp: baseTimestamp))
        }
        return batch
    }

    private static func readRecord(from buffer: inout ByteBuffer, baseOffset: Int64, baseTimestamp: Int64) throws(KafkaWireError) -> KafkaRecord {
        let length = try buffer.readKafkaVarint()
        guard length >= 0, length <= buffer.readableBytes, var body = buffer.readSlice(length: Int(length)) else { throw .truncated }
        let _: Int8 = try body.readKafkaInteger()
        let timestampDelta = try body.readKafkaVarint()
        let offsetDelta = try body.readKafkaVarint()
        let key = try readVarintBytes(from: &body)
        let value = try readVarintBytes(from: &body)
        let headerCount = try body.readKafkaVarint()
        guard headerCount >= 0, headerCount <= body.readableBytes else { throw KafkaWireError("a record claims \(headerCount) headers") }
        var headers: [KafkaHeader] = []
        for _ in 0..<headerCount {
            guard let name = try readVarintBytes(from: &body) else { throw KafkaWireError("a record header has a null name") }
            headers.append(KafkaHeader(String(decoding: name, as: UTF8.self), try readVarintBytes(from: &body)))
        }
        return KafkaRecord(key: key, value: value, headers: headers, timestamp: baseTimestamp + timestampDelta, offset: baseOffset + offsetDelta)
    }

    private static func readVarintBytes(from buffer: inout ByteBuffer) throws(KafkaWireError) -> [UInt8]? {
        let length = try buffer.readKafkaVarint()
        guard length <= Int64(Int32.max) else { throw KafkaWireError("a length of \(length) is out of range") }
        return try buffer.readKafkaRaw(length: Int(length))
    }
}
