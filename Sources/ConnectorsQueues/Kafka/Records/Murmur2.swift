/// The murmur2 hash Kafka's Java client places keyed records with (`Utils.murmur2`, seed 0x9747b28c), and its
/// partition choice: the hash's low 31 bits modulo the partition count. A key lands on the same partition whichever
/// client wrote it.
public enum Murmur2 {
    /// The hash as Java's `int`.
    public static func hash(_ key: [UInt8]) -> Int32 {
        let m: UInt32 = 0x5BD1_E995
        let length = key.count
        var h: UInt32 = 0x9747_B28C ^ UInt32(truncatingIfNeeded: length)
        var index = 0
        while index + 4 <= length {
            var k = UInt32(key[index]) | UInt32(key[index + 1]) << 8 | UInt32(key[index + 2]) << 16 | UInt32(key[index + 3]) << 24
            k &*= m
            k ^= k >> 24
            k &*= m
            h &*= m
            h ^= k
            index += 4
        }
        let tail = length - index
        if tail >= 3 { h ^= UInt32(key[index + 2]) << 16 }
        if tail >= 2 { h ^= UInt32(key[index + 1]) << 8 }
        if tail >= 1 {
            h ^= UInt32(key[index])
            h &*= m
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// The partition, of `count`, that Kafka's default partitioner picks for a record with this key; nil when there
    /// are no partitions.
    public static func partition(for key: [UInt8], count: Int) -> Int? {
        guard count > 0 else { return nil }
        return Int(UInt32(bitPattern: hash(key)) & 0x7FFF_FFFF) % count
    }
}
