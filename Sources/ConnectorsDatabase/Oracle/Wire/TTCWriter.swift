/// Builds the payload of TTC messages in the encodings the Oracle thin protocol uses: fixed-width big- and
/// little-endian integers, the variable-length "universal" integers (a length byte, then that many big-endian bytes),
/// and byte strings prefixed by their length, in chunks when longer than 252 bytes.
struct TTCWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func uint8(_ value: UInt8) { bytes.append(value) }

    mutating func uint16BE(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func uint16LE(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    mutating func uint32BE(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }

    mutating func uint64BE(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }

    /// A universal unsigned integer: 0 as one zero byte, else the fewest of 1, 2, 4 (or 8) big-endian bytes after
    /// their count.
    mutating func ub4(_ value: UInt32) { ub8(UInt64(value)) }

    mutating func ub2(_ value: UInt16) { ub8(UInt64(value)) }

    mutating func ub8(_ value: UInt64) {
        switch value {
        case 0: uint8(0)
        case ...0xFF: uint8(1); uint8(UInt8(value))
        case ...0xFFFF: uint8(2); uint16BE(UInt16(value))
        case ...0xFFFF_FFFF: uint8(4); uint32BE(UInt32(value))
        default: uint8(8); uint64BE(value)
        }
    }

    /// A universal signed integer: the length byte carries the sign in its high bit.
    mutating func sb4(_ value: Int32) {
        let magnitude = value.magnitude
        let sign: UInt8 = value < 0 ? 0x80 : 0
        switch magnitude {
        case 0: uint8(0)
        case ...0xFF: uint8(1 | sign); uint8(UInt8(magnitude))
        case ...0xFFFF: uint8(2 | sign); uint16BE(UInt16(magnitude))
        default: uint8(4 | sign); uint32BE(magnitude)
        }
    }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Bytes after their length: one length byte up to 252, else 0xFE and chunks of at most 32767 bytes, each after
    /// its universal length, ending with a zero length.
    mutating func bytesWithLength(_ data: [UInt8]) {
        if data.count <= TTC.maxShortLength {
            uint8(UInt8(data.count))
            raw(data)
            return
        }
        uint8(TTC.longLengthIndicator)
        var start = 0
        while start < data.count {
            let end = min(start + TTC.chunkSize, data.count)
            ub4(UInt32(end - start))
            bytes.append(contentsOf: data[start..<end])
            start = end
        }
        ub4(0)
    }

    /// A universal length, then (when not empty) the bytes after their own length: how key/value pairs are written.
    mutating func bytesWithTwoLengths(_ data: [UInt8]) {
        ub4(UInt32(data.count))
        if !data.isEmpty { bytesWithLength(data) }
    }

    /// One authentication key/value pair with its flags.
    mutating func keyValue(_ key: String, _ value: String, flags: UInt32 = 0) {
        bytesWithTwoLengths(Array(key.utf8))
        bytesWithTwoLengths(Array(value.utf8))
        ub4(flags)
    }
}

/// Constants shared by the TTC encoders and decoders.
enum TTC {
    static let maxShortLength = 252
    static let longLengthIndicator: UInt8 = 0xFE
    static let nullLengthIndicator: UInt8 = 0xFF
    static let chunkSize = 32767
    static let escapeCharacter: UInt8 = 253
}
