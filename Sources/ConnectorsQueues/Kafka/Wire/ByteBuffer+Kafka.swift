import NIOCore

/// Kafka's primitive types (the protocol guide's "Protocol Primitive Types"): big-endian integers, zig-zag varints,
/// unsigned varints, and strings, byte arrays and arrays in their classic (fixed-width length, -1 for null) and
/// compact (unsigned varint of length + 1, 0 for null) forms.
extension ByteBuffer {
    // MARK: Varints

    /// An unsigned varint: seven bits a byte, least significant first.
    mutating func writeKafkaUnsignedVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(rest))
    }

    /// A signed varint, zig-zag encoded so that small negative numbers are short (`-1` is one byte).
    mutating func writeKafkaVarint(_ value: Int64) {
        writeKafkaUnsignedVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func readKafkaUnsignedVarint() throws(KafkaWireError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = readInteger(as: UInt8.self) else { throw .truncated }
            guard shift < 64 else { throw KafkaWireError("a varint is longer than ten bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func readKafkaVarint() throws(KafkaWireError) -> Int64 {
        let raw = try readKafkaUnsignedVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// The number of bytes `value` takes as a signed varint.
    static func kafkaVarintSize(_ value: Int64) -> Int {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while rest >= 0x80 {
            rest >>= 7
            size += 1
        }
        return size
    }

    // MARK: Fixed-width integers

    mutating func readKafkaInteger<T: FixedWidthInteger>(as type: T.Type = T.self) throws(KafkaWireError) -> T {
        guard let value = readInteger(endianness: .big, as: T.self) else { throw .truncated }
        return value
    }

    // MARK: Strings and bytes

    /// A STRING (int16 length) or NULLABLE_STRING (-1 for nil).
    mutating func writeKafkaString(_ string: String?) {
        guard let string else {
            writeInteger(Int16(-1))
            return
        }
        writeInteger(Int16(string.utf8.count))
        writeString(string)
    }

    /// A COMPACT_STRING or COMPACT_NULLABLE_STRING: unsigned varint of length + 1, 0 for nil.
    mutating func writeKafkaCompactString(_ string: String?) {
        guard let string else { return writeKafkaUnsignedVarint(0) }
        writeKafkaUnsignedVarint(UInt64(string.utf8.count) + 1)
        writeString(string)
    }

    /// BYTES or NULLABLE_BYTES: int32 length, -1 for nil.
    mutating func writeKafkaBytes(_ bytes: [UInt8]?) {
        guard let bytes else {
            writeInteger(Int32(-1))
            return
        }
        writeInteger(Int32(bytes.count))
        writeBytes(bytes)
    }

    /// COMPACT_BYTES or COMPACT_NULLABLE_BYTES: unsigned varint of length + 1, 0 for nil.
    mutating func writeKafkaCompactBytes(_ bytes: [UInt8]?) {
        guard let bytes else { return writeKafkaUnsignedVarint(0) }
        writeKafkaUnsignedVarint(UInt64(bytes.count) + 1)
        writeBytes(bytes)
    }

    mutating func readKafkaString() throws(KafkaWireError) -> String? {
        let length: Int16 = try readKafkaInteger()
        return try readKafkaUTF8(length: Int(length))
    }

    mutating func readKafkaCompactString() throws(KafkaWireError) -> String? {
        try readKafkaUTF8(length: try compactLength())
    }

    mutating func readKafkaBytes() throws(KafkaWireError) -> [UInt8]? {
        let length: Int32 = try readKafkaInteger()
        return try readKafkaRaw(length: Int(length))
    }

    mutating func readKafkaCompactBytes() throws(KafkaWireError) -> [UInt8]? {
        try readKafkaRaw(length: try compactLength())
    }

    /// A length as compact types give it (`n + 1`, 0 for null), as a length with -1 for null.
    mutating func compactLength() throws(KafkaWireError) -> Int {
        let raw = try readKafkaUnsignedVarint()
        guard raw <= UInt64(Int32.max) else { throw KafkaWireError("a compact length of \(raw) is out of range") }
        return Int(raw) - 1
    }

    /// `length` bytes as UTF-8 text; nil for a length of -1.
    mutating func readKafkaUTF8(length: Int) throws(KafkaWireError) -> String? {
        guard let bytes = try readKafkaRaw(length: length) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `length` bytes; nil for a length of -1 (any other negative length is an error).
    mutating func readKafkaRaw(length: Int) throws(KafkaWireError) -> [UInt8]? {
        guard length >= -1 else { throw KafkaWireError("a length of \(length) is negative") }
        guard length >= 0 else { return nil }
        guard let bytes = readBytes(length: length) else { throw .truncated }
        return bytes
    }
}
