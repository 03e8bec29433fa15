import Foundation
import NIOCore
import PlugboardCore

/// Turns PostgreSQL's binary wire values into JSON without losing anything: integers stay integers, numeric
/// stays an exact decimal string, times become ISO 8601, bytea base64, json and jsonb parsed JSON.
public enum PostgreSQLValue {
    /// The JSON for one cell of type `oid`; nil bytes are SQL NULL. Text-format cells come back as strings.
    public static func json(oid: UInt32, bytes: ByteBuffer?, binary: Bool = true) -> JSONValue {
        guard var buffer = bytes else { return .null }
        guard binary else { return .string(String(buffer: buffer)) }
        return decode(oid: oid, buffer: &buffer) ?? fallback(buffer)
    }

    /// The type's name as PostgreSQL spells it (`int4`, `timestamptz`, `text[]`), or `oid:<n>` when unknown.
    public static func typeName(oid: UInt32) -> String {
        if let name = names[oid] { return name }
        if let element = arrayElements[oid], let name = names[element] { return name + "[]" }
        return "oid:\(oid)"
    }

    static let names: [UInt32: String] = [
        16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2", 23: "int4", 25: "text", 26: "oid",
        114: "json", 142: "xml", 700: "float4", 701: "float8", 1042: "bpchar", 1043: "varchar", 1082: "date", 1083: "time",
        1114: "timestamp", 1184: "timestamptz", 1186: "interval", 1266: "timetz", 1700: "numeric", 2950: "uuid", 3802: "jsonb",
        705: "unknown", 869: "inet", 650: "cidr", 790: "money",
    ]

    /// Array type → element type, for the types above.
    static let arrayElements: [UInt32: UInt32] = [
        1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1028: 26, 199: 114, 143: 142,
        1021: 700, 1022: 701, 1014: 1042, 1015: 1043, 1182: 1082, 1183: 1083, 1115: 1114, 1185: 1184, 1187: 1186,
        1270: 1266, 1231: 1700, 2951: 2950, 3807: 3802,
    ]

    private static func decode(oid: UInt32, buffer: inout ByteBuffer) -> JSONValue? {
        switch oid {
        case 16: return buffer.readInteger(as: UInt8.self).map { .bool($0 != 0) }
        case 17: return .string(Data(buffer.readableBytesView).base64EncodedString())
        case 21: return buffer.readInteger(as: Int16.self).map { .integer(Int64($0)) }
        case 23: return buffer.readInteger(as: Int32.self).map { .integer(Int64($0)) }
        case 20: return buffer.readInteger(as: Int64.self).map { .integer($0) }
        case 26: return buffer.readInteger(as: UInt32.self).map { .integer(Int64($0)) }
        case 700: return buffer.readInteger(as: UInt32.self).map { number(Double(Float(bitPattern: $0))) }
        case 701: return buffer.readInteger(as: UInt64.self).map { number(Double(bitPattern: $0)) }
        case 1700: return PostgreSQLNumeric.string(&buffer).map { .string($0) }
        case 114: return parsedJSON(buffer)
        case 3802:
            guard buffer.readInteger(as: UInt8.self) == 1 else { return nil }
            return parsedJSON(buffer)
        case 2950: return uuid(&buffer)
        case 1082: return buffer.readInteger(as: Int32.self).map { .string(PostgreSQLTime.date(days: $0)) }
        case 1114: return buffer.readInteger(as: Int64.self).map { .string(PostgreSQLTime.timestamp(microseconds: $0, zone: false)) }
        case 1184: return buffer.readInteger(as: Int64.self).map { .string(PostgreSQLTime.timestamp(microseconds: $0, zone: true)) }
        case 1083: return buffer.readInteger(as: Int64.self).map { .string(PostgreSQLTime.time(microseconds: $0)) }
        case 1266:
            guard let micros = buffer.readInteger(as: Int64.self), let zone = buffer.readInteger(as: Int32.self) else { return nil }
            return .string(PostgreSQLTime.time(microseconds: micros) + PostgreSQLTime.offset(seconds: -Int(zone)))
        case 1186:
            guard let micros = buffer.readInteger(as: Int64.self), let days = buffer.readInteger(as: Int32.self),
                let months = buffer.readInteger(as: Int32.self)
            else { return nil }
            return .string(PostgreSQLTime.interval(microseconds: micros, days: days, months: months))
        case 18, 19, 25, 142, 705, 1042, 1043: return .string(String(buffer: buffer))
        default:
            if arrayElements[oid] != nil || looksLikeArray(buffer) { return array(&buffer) }
            return nil
        }
    }

    /// Floats that JSON cannot hold (NaN, ±Infinity) as PostgreSQL's spelling.
    private static func number(_ value: Double) -> JSONValue {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return .number(value)
    }

    private static func parsedJSON(_ buffer: ByteBuffer) -> JSONValue? {
        let text = String(buffer: buffer)
        return (try? JSONParser.parse(text)) ?? .string(text)
    }

    private static func uuid(_ buffer: inout ByteBuffer) -> JSONValue? {
        guard let bytes = buffer.readBytes(length: 16) else { return nil }
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }
        let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        return .string(groups.joined(separator: "-"))
    }

    /// Unknown types: their text when they are valid UTF-8 without control characters (enums, domains), else base64.
    private static func fallback(_ buffer: ByteBuffer) -> JSONValue {
        let bytes = Array(buffer.readableBytesView)
        if let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
            return .string(text)
        }
        return .string(Data(bytes).base64EncodedString())
    }

    /// Whether a user-defined type's binary value has an array header (dimensions 0–6, flags 0 or 1).
    private static func looksLikeArray(_ buffer: ByteBuffer) -> Bool {
        guard buffer.readableBytes >= 12, let dimensions = buffer.getInteger(at: buffer.readerIndex, as: Int32.self),
            let flags = buffer.getInteger(at: buffer.readerIndex + 4, as: Int32.self)
        else { return false }
        return (0...6).contains(dimensions) && (flags == 0 || flags == 1) && buffer.readableBytes >= 12 + Int(dimensions) * 8
            && (dimensions > 0 || buffer.readableBytes == 12)
    }

    /// A binary array: dimensions, a null flag, the element type, each dimension's size and lower bound, then elements.
    private static func array(_ buffer: inout ByteBuffer) -> JSONValue? {
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
            let element = buffer.readInteger(as: UInt32.self), dimensions >= 0
        else { return nil }
        if dimensions == 0 { return .array([]) }
        var sizes: [Int] = []
        for _ in 0..<dimensions {
            guard let size = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil, size >= 0 else { return nil }
            sizes.append(Int(size))
        }
        var values: [JSONValue] = []
        for _ in 0..<sizes.reduce(1, *) {
            guard let length = buffer.readInteger(as: Int32.self) else { return nil }
            if length < 0 {
                values.append(.null)
            } else {
                guard let slice = buffer.readSlice(length: Int(length)) else { return nil }
                values.append(json(oid: element, bytes: slice))
            }
        }
        return nest(values[...], sizes: sizes[...])
    }

    private static func nest(_ values: ArraySlice<JSONValue>, sizes: ArraySlice<Int>) -> JSONValue {
        guard sizes.count > 1, let first = sizes.first else { return .array(Array(values)) }
        let stride = values.count / max(first, 1)
        var start = values.startIndex
        var items: [JSONValue] = []
        for _ in 0..<first {
            items.append(nest(values[start..<start + stride], sizes: sizes.dropFirst()))
            start += stride
        }
        return .array(items)
    }
}
