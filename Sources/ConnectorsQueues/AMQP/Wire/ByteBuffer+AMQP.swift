import NIOCore

/// AMQP's primitives: big-endian integers, short strings (an octet of length), long strings (four octets of length)
/// and field tables (a long length, then name, type tag and value for each field).
extension ByteBuffer {
    mutating func readAMQPInteger<Integer: FixedWidthInteger>(as: Integer.Type = Integer.self) throws(AMQPWireError) -> Integer {
        guard let value: Integer = readInteger() else { throw .truncated }
        return value
    }

    mutating func writeAMQPShortString(_ text: String) {
        let bytes = Array(text.utf8.prefix(255))
        writeInteger(UInt8(bytes.count))
        writeBytes(bytes)
    }

    mutating func readAMQPShortString() throws(AMQPWireError) -> String {
        let length = try readAMQPInteger(as: UInt8.self)
        guard let bytes = readBytes(length: Int(length)) else { throw .truncated }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func writeAMQPLongString(_ bytes: [UInt8]) {
        writeInteger(UInt32(bytes.count))
        writeBytes(bytes)
    }

    mutating func readAMQPLongString() throws(AMQPWireError) -> [UInt8] {
        let length = try readAMQPInteger(as: UInt32.self)
        guard length <= readableBytes, let bytes = readBytes(length: Int(length)) else { throw .truncated }
        return bytes
    }

    mutating func writeAMQPTable(_ table: AMQPTable) {
        let lengthIndex = writerIndex
        writeInteger(UInt32(0))
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            writeAMQPShortString(name)
            writeAMQPFieldValue(value)
        }
        setInteger(UInt32(writerIndex - lengthIndex - 4), at: lengthIndex)
    }

    mutating func readAMQPTable() throws(AMQPWireError) -> AMQPTable {
        let length = try readAMQPInteger(as: UInt32.self)
        guard length <= readableBytes, var fields = readSlice(length: Int(length)) else { throw .truncated }
        var table: AMQPTable = [:]
        while fields.readableBytes > 0 {
            let name = try fields.readAMQPShortString()
            table[name] = try fields.readAMQPFieldValue()
        }
        return table
    }

    mutating func writeAMQPFieldValue(_ value: AMQPFieldValue) {
        func tag(_ character: Character) { writeInteger(character.asciiValue ?? 0) }
        switch value {
        case .bool(let value): tag("t"); writeInteger(UInt8(value ? 1 : 0))
        case .int8(let value): tag("b"); writeInteger(value)
        case .uint8(let value): tag("B"); writeInteger(value)
        case .int16(let value): tag("s"); writeInteger(value)
        case .uint16(let value): tag("u"); writeInteger(value)
        case .int32(let value): tag("I"); writeInteger(value)
        case .uint32(let value): tag("i"); writeInteger(value)
        case .int64(let value): tag("l"); writeInteger(value)
        case .float(let value): tag("f"); writeInteger(value.bitPattern)
        case .double(let value): tag("d"); writeInteger(value.bitPattern)
        case .decimal(let scale, let value): tag("D"); writeInteger(scale); writeInteger(value)
        case .string(let bytes): tag("S"); writeAMQPLongString(bytes)
        case .array(let values):
            tag("A")
            let lengthIndex = writerIndex
            writeInteger(UInt32(0))
            for value in values { writeAMQPFieldValue(value) }
            setInteger(UInt32(writerIndex - lengthIndex - 4), at: lengthIndex)
        case .timestamp(let value): tag("T"); writeInteger(value)
        case .table(let table): tag("F"); writeAMQPTable(table)
        case .void: tag("V")
        case .bytes(let bytes): tag("x"); writeAMQPLongString(bytes)
        }
    }

    mutating func readAMQPFieldValue() throws(AMQPWireError) -> AMQPFieldValue {
        let tag = try readAMQPInteger(as: UInt8.self)
        switch Character(Unicode.Scalar(tag)) {
        case "t": return .bool(try readAMQPInteger(as: UInt8.self) != 0)
        case "b": return .int8(try readAMQPInteger())
        case "B": return .uint8(try readAMQPInteger())
        case "s": return .int16(try readAMQPInteger())
        case "u": return .uint16(try readAMQPInteger())
        case "I": return .int32(try readAMQPInteger())
        case "i": return .uint32(try readAMQPInteger())
        case "l": return .int64(try readAMQPInteger())
        case "f": return .float(Float(bitPattern: try readAMQPInteger()))
        case "d": return .double(Double(bitPattern: try readAMQPInteger()))
        case "D": return .decimal(scale: try readAMQPInteger(), value: try readAMQPInteger())
        case "S": return .string(try readAMQPLongString())
        case "A":
            let length = try readAMQPInteger(as: UInt32.self)
            guard length <= readableBytes, var items = readSlice(length: Int(length)) else { throw .truncated }
            var values: [AMQPFieldValue] = []
            while items.readableBytes > 0 { values.append(try items.readAMQPFieldValue()) }
            return .array(values)
        case "T": return .timestamp(try readAMQPInteger())
        case "F": return .table(try readAMQPTable())
        case "V": return .void
        case "x": return .bytes(try readAMQPLongString())
        default: throw AMQPWireError("a field table has a value of unknown type \(tag)")
        }
    }
}
