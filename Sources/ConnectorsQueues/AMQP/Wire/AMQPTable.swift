import PlugboardCore

/// A field table: headers, arguments and peer properties.
public typealias AMQPTable = [String: AMQPFieldValue]

/// One value in a field table, with the type tags RabbitMQ reads and writes (its table of 0-9-1 errata, where `s` is
/// a signed 16-bit integer).
public indirect enum AMQPFieldValue: Sendable, Hashable {
    case bool(Bool)
    case int8(Int8)
    case uint8(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    case decimal(scale: UInt8, value: Int32)
    case string([UInt8])
    case array([AMQPFieldValue])
    case timestamp(UInt64)
    case table(AMQPTable)
    case void
    case bytes([UInt8])

    /// A JSON value as a field: text as a long string, integers as 64-bit, objects as tables.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .void
        case .bool(let value): self = .bool(value)
        case .integer(let value): self = .int64(value)
        case .number(let value): self = .double(value)
        case .string(let value): self = .string(Array(value.utf8))
        case .array(let values): self = .array(values.map(AMQPFieldValue.init(json:)))
        case .object(let object): self = .table(AMQPTable(uniqueKeysWithValues: object.map { ($0.key, AMQPFieldValue(json: $0.value)) }))
        }
    }

    /// The field as JSON: long strings as text (base64 when not UTF-8 is not guessed here: bytes stay text-decoded),
    /// decimals as numbers, timestamps as seconds.
    public var json: JSONValue {
        switch self {
        case .bool(let value): return .bool(value)
        case .int8(let value): return .integer(Int64(value))
        case .uint8(let value): return .integer(Int64(value))
        case .int16(let value): return .integer(Int64(value))
        case .uint16(let value): return .integer(Int64(value))
        case .int32(let value): return .integer(Int64(value))
        case .uint32(let value): return .integer(Int64(value))
        case .int64(let value): return .integer(value)
        case .float(let value): return .number(Double(value))
        case .double(let value): return .number(value)
        case .decimal(let scale, let value):
            var result = Double(value)
            for _ in 0..<scale { result /= 10 }
            return .number(result)
        case .string(let bytes), .bytes(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .array(let values): return .array(values.map(\.json))
        case .timestamp(let value): return .integer(Int64(clamping: value))
        case .table(let table): return .object(JSONObject(table.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) }))
        case .void: return .null
        }
    }
}
