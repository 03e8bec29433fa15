import NIOCore
import Testing

@testable import ConnectorsQueues

/// Kafka's primitives, checksum, partitioner and record batches, byte for byte against published vectors and what
/// kafka-python 3.0.12 writes.
@Suite struct KafkaWireTests {
    static let varints: [(Int64, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-64, [0x7F]), (64, [0x80, 0x01]), (300, [0xD8, 0x04]),
        (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: varints)
    func zigzagVarints(_ value: Int64, _ bytes: [UInt8]) throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaVarint(value)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(ByteBuffer.kafkaVarintSize(value) == bytes.count)
        #expect(try buffer.readKafkaVarint() == value && buffer.readableBytes == 0)
    }

    @Test func stringsAndBytesInBothForms() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaString("héllo")
        buffer.writeKafkaString(nil)
        buffer.writeKafkaCompactString("ab")
        buffer.writeKafkaCompactString(nil)
        buffer.writeKafkaBytes([1, 2])
        buffer.writeKafkaCompactBytes(nil)
        #expect(Array(buffer.readableBytesView) == [0, 6, 0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F, 0xFF, 0xFF, 3, 0x61, 0x62, 0, 0, 0, 0, 2, 1, 2, 0])
        #expect(try buffer.readKafkaString() == "héllo")
        #expect(try buffer.readKafkaString() == nil)
        #expect(try buffer.readKafkaCompactString() == "ab")
        #expect(try buffer.readKafkaCompactString() == nil)
        #expect(try buffer.readKafkaBytes() == [1, 2])
        #expect(try buffer.readKafkaCompactBytes() == nil)
        var short = ByteBuffer(bytes: [0, 5, 0x61])
        #expect(throws: KafkaWireError.truncated) { try short.readKafkaString() }
        var unending = ByteBuffer(bytes: [0x80, 0x80])
        #expect(throws: KafkaWireError.truncated) { try unending.readKafkaUnsignedVarint() }
    }

    /// RFC 3720 B.4's vectors and the usual check value.
    @Test func crc32cVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    /// Java's `Utils.murmur2` values (kafka-python's `murmur2` gives the same bits, unsigned).
    @Test(arguments: [
        ("21", Int32(-973_932_308)), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829), ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107), ("", 275_646_681),
    ])
    func murmur2AsJava(_ key: String, _ hash: Int32) {
        #expect(Murmur2.hash(Array(key.utf8)) == hash)
    }

    @Test func keysLandWhereTheJavaClientPutsThem() {
        // (hash & 0x7fffffff) % count, as kafka-python's and Java's default partitioners compute it.
        #expect(Murmur2.partition(for: Array("21".utf8), count: 6) == Int(UInt32(bitPattern: -973_932_308) & 0x7FFF_FFFF) % 6)
        #expect(Murmur2.partition(for: Array("abc".utf8), count: 1) == 0)
        #expect(Murmur2.partition(for: Array("abc".utf8), count: 0) == nil)
    }

    /// The batch kafka-python's `DefaultRecordBatchBuilder` builds for the same two records, byte for byte.
    static let kafkaPythonBatch = hex(
        "000000000000000000000051000000000205b8e0e20000000000010000018bcfe568000000018bcfe56805ffffffffffffffffffffffffffff"
            + "0000000222000000046b310a68656c6c6f02026802761a000a02010e7b2261223a317d00")

    static let records = [
        KafkaRecord(key: Array("k1".utf8), value: Array("hello".utf8), headers: [KafkaHeader("h", Array("v".utf8))], timestamp: 1_700_000_000_000),
        KafkaRecord(key: nil, value: Array(#"{"a":1}"#.utf8), timestamp: 1_700_000_000_005),
    ]

    @Test func aBatchIsWrittenAsKafkaPythonWritesIt() throws {
        var batch = KafkaRecordBatch(records: Self.records)
        batch.partitionLeaderEpoch = 0  // kafka-python writes 0 where Java's producer writes -1
        var buffer = ByteBuffer()
        try batch.write(into: &buffer)
        #expect(Array(buffer.readableBytesView) == Self.kafkaPythonBatch)
    }

    @Test func batchesAreReadBackWithOffsetsAndTimes() throws {
        var buffer = ByteBuffer(bytes: Self.kafkaPythonBatch)
        var second = KafkaRecordBatch(records: [KafkaRecord(key: [1], value: nil, headers: [KafkaHeader("n", nil)], timestamp: 5)])
        second.baseOffset = 2
        try second.write(into: &buffer)
        buffer.writeBytes([0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 80])  // the start of a batch the broker cut off
        let batches = try KafkaRecordBatch.readAll(from: &buffer)
        #expect(batches.count == 2 && buffer.readableBytes == 12, "the partial batch is left unread")
        #expect(batches[0].records.map(\.offset) == [0, 1] && batches[1].records.map(\.offset) == [2])
        #expect(batches[0].records.map(\.value) == Self.records.map(\.value))
        #expect(batches[0].records.map(\.timestamp) == [1_700_000_000_000, 1_700_000_000_005])
        #expect(batches[0].records[0].headers == [KafkaHeader("h", Array("v".utf8))] && batches[0].records[1].key == nil)
        #expect(batches[1].records[0].headers == [KafkaHeader("n", nil)] && batches[1].records[0].value == nil)
    }

    @Test func gzipBatchesRoundTripAndABombIsRefused() throws {
        var batch = KafkaRecordBatch(records: Self.records)
        batch.compression = .gzip
        var buffer = ByteBuffer()
        try batch.write(into: &buffer)
        #expect(buffer.getInteger(at: 21, as: Int16.self) == 1, "attributes say gzip")
        let read = try KafkaRecordBatch.readAll(from: &buffer)
        #expect(read.first?.compression == .gzip && read.first?.records.map(\.value) == Self.records.map(\.value))
        #expect(read.first?.records.map(\.offset) == [0, 1] && read.first?.records[0].headers == Self.records[0].headers)

        // 100 MiB of one byte inflates past the limit: refused, not read into memory.
        var bomb = KafkaRecordBatch(records: [KafkaRecord(key: nil, value: [UInt8](repeating: 0x61, count: 100 << 20), timestamp: 0)])
        bomb.compression = .gzip
        var compressed = ByteBuffer()
        try bomb.write(into: &compressed)
        #expect(compressed.readableBytes < 1 << 20)
        #expect(throws: KafkaWireError.self) { try KafkaRecordBatch.readAll(from: &compressed) }
    }

    @Test func aDamagedBatchIsRefused() {
        var damaged = Self.kafkaPythonBatch
        damaged[70] ^= 0x01
        var buffer = ByteBuffer(bytes: damaged)
        #expect(throws: KafkaWireError("a record batch's CRC-32C does not match its content")) { try KafkaRecordBatch.readAll(from: &buffer) }
    }

    /// A batch in lz4 (snappy and zstd alike) is read without its records, and a reader refuses it naming the
    /// compression and what to change.
    @Test func otherCompressionsAreRefusedSayingWhich() throws {
        var lz4 = Self.kafkaPythonBatch
        lz4[22] = (lz4[22] & ~0x07) | 3
        let crc = CRC32C.checksum(lz4[21...])
        for index in 0..<4 { lz4[17 + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(index))) }
        var buffer = ByteBuffer(bytes: lz4)
        let batches = try KafkaRecordBatch.readAll(from: &buffer)
        #expect(batches.count == 1 && batches[0].compression == .lz4 && !batches[0].isReadable && batches[0].records.isEmpty)
        let refusal = try #require(KafkaFailure.unreadable(batches, topic: "orders", partition: 1))
        #expect(refusal.code == .upstreamError && refusal.message.contains("compressed with lz4") && refusal.fix.contains("gzip or no compression"))
        #expect(KafkaFailure.unreadable(batches.map { var readable = $0; readable.compression = .gzip; return readable }, topic: "orders", partition: 1) == nil)
    }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
