/// BINARY_FLOAT and BINARY_DOUBLE on the wire: the IEEE 754 bits in big-endian order, with the sign bit flipped for
/// positive numbers and every bit inverted for negative ones, so the bytes sort as the numbers do.
enum OracleBinaryFloat {
    static func decodeDouble(_ bytes: ArraySlice<UInt8>) throws -> Double {
        guard bytes.count == 8 else { throw TTCDecodingError("a BINARY_DOUBLE of \(bytes.count) bytes") }
        return Double(bitPattern: UInt64(unflipped(bytes)))
    }

    static func decodeFloat(_ bytes: ArraySlice<UInt8>) throws -> Float {
        guard bytes.count == 4 else { throw TTCDecodingError("a BINARY_FLOAT of \(bytes.count) bytes") }
        return Float(bitPattern: UInt32(unflipped(bytes)))
    }

    static func encode(_ value: Double) -> [UInt8] { flipped(value.bitPattern, width: 8) }

    static func encode(_ value: Float) -> [UInt8] { flipped(UInt64(value.bitPattern), width: 4) }

    private static func unflipped(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        let positive = (bytes.first ?? 0) & 0x80 != 0
        var bits: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            let value = positive ? (index == 0 ? byte & 0x7F : byte) : ~byte
            bits = bits << 8 | UInt64(value)
        }
        return bits
    }

    private static func flipped(_ bits: UInt64, width: Int) -> [UInt8] {
        var bytes = (0..<width).map { UInt8(truncatingIfNeeded: bits >> UInt64(8 * (width - 1 - $0))) }
        if bytes[0] & 0x80 == 0 {
            bytes[0] |= 0x80
        } else {
            bytes = bytes.map { ~$0 }
        }
        return bytes
    }
}
