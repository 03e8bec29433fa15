/// Reads the payload of TTC messages (see `TTCWriter` for the encodings). A response can span several packets:
/// running out of bytes throws `TTCReader.NeedMoreData`, and the connection appends the next packet and parses again.
struct TTCReader {
    /// Thrown when the bytes end before the message does.
    struct NeedMoreData: Error {}

    private let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw NeedMoreData() }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func skip(_ count: Int) throws { _ = try take(count) }

    mutating func uint8() throws -> UInt8 { try take(1).first ?? 0 }

    mutating func uint16BE() throws -> UInt16 { UInt16(try bigEndian(2)) }

    mutating func uint16LE() throws -> UInt16 {
        let pair = try take(2)
        return UInt16(pair[pair.startIndex]) | UInt16(pair[pair.startIndex + 1]) << 8
    }

    mutating func uint32BE() throws -> UInt32 { UInt32(try bigEndian(4)) }

    private mutating func bigEndian(_ count: Int) throws -> UInt64 {
        try take(count).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A universal integer of at most `maxLength` bytes; the sign bit of the length byte is returned separately.
    private mutating func universal(maxLength: Int) throws -> (magnitude: UInt64, negative: Bool) {
        let first = try uint8()
        let length = Int(first & 0x7F)
        guard length <= maxLength else { throw TTCDecodingError("an integer of \(length) bytes where at most \(maxLength) fit") }
        return (try bigEndian(length), first & 0x80 != 0)
    }

    mutating func ub1() throws -> UInt8 { try uint8() }

    mutating func ub2() throws -> UInt16 { UInt16(truncatingIfNeeded: try unsigned(maxLength: 2)) }

    mutating func ub4() throws -> UInt32 { UInt32(truncatingIfNeeded: try unsigned(maxLength: 4)) }

    mutating func ub8() throws -> UInt64 { try unsigned(maxLength: 8) }

    private mutating func unsigned(maxLength: Int) throws -> UInt64 {
        let (magnitude, negative) = try universal(maxLength: maxLength)
        guard !negative else { throw TTCDecodingError("a negative number where an unsigned one belongs") }
        return magnitude
    }

    mutating func sb2() throws -> Int16 { Int16(truncatingIfNeeded: try signed(maxLength: 2)) }

    mutating func sb4() throws -> Int32 { Int32(truncatingIfNeeded: try signed(maxLength: 4)) }

    mutating func sb8() throws -> Int64 { try signed(maxLength: 8) }

    private mutating func signed(maxLength: Int) throws -> Int64 {
        let (magnitude, negative) = try universal(maxLength: maxLength)
        let value = Int64(truncatingIfNeeded: magnitude)
        return negative ? -value : value
    }

    /// Bytes after their length byte (chunked after 0xFE); nil for a zero or null length.
    mutating func bytesWithLength() throws -> [UInt8]? {
        let length = try uint8()
        if length == 0 || length == TTC.nullLengthIndicator { return nil }
        if length != TTC.longLengthIndicator { return Array(try take(Int(length))) }
        var value: [UInt8] = []
        while true {
            let chunk = try ub4()
            if chunk == 0 { return value }
            value.append(contentsOf: try take(Int(chunk)))
        }
    }

    /// A universal length, then, when it is not zero, bytes after their own length.
    mutating func bytesWithTwoLengths() throws -> [UInt8]? {
        try ub4() == 0 ? nil : try bytesWithLength()
    }

    mutating func stringWithTwoLengths() throws -> String? {
        try bytesWithTwoLengths().map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func string() throws -> String? {
        try bytesWithLength().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Bytes up to a zero byte, which is consumed.
    mutating func nullTerminated() throws -> [UInt8] {
        var value: [UInt8] = []
        while true {
            let byte = try uint8()
            if byte == 0 { return value }
            value.append(byte)
        }
    }
}

/// A response that does not parse as the protocol says it should.
struct TTCDecodingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
