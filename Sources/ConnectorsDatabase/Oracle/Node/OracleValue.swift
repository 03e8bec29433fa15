import Foundation
import PlugboardCore

/// Oracle values as JSON and JSON as bind values. NUMBER is an exact decimal string, BINARY_FLOAT/DOUBLE a number,
/// dates ISO 8601 (TIMESTAMP WITH TIME ZONE in its own offset), RAW and BLOB base64, BOOLEAN true/false.
enum OracleValue {
    /// One column's value in a row; nil bytes are NULL.
    static func json(_ bytes: [UInt8]?, column: OracleColumn, maxLOBBytes: Int) throws -> JSONValue {
        guard let bytes else { return .null }
        let slice = bytes[...]
        if column.isLOB, bytes.count > maxLOBBytes {
            throw ConnectorError(
                .payloadTooLarge, message: "\(column.name) holds a \(column.typeName) of \(bytes.count) bytes; the connector reads at most \(maxLOBBytes).",
                cause: "The value is larger than the connector's largest CLOB or BLOB.",
                fix: "Raise 'Largest CLOB or BLOB' for this connector, or select part of it with DBMS_LOB.SUBSTR.", field: "sql")
        }
        switch column.type {
        case OracleType.number, OracleType.binaryInteger:
            return .string(try OracleNumber.decode(slice))
        case OracleType.binaryFloat:
            return .number(Double(try OracleBinaryFloat.decodeFloat(slice)))
        case OracleType.binaryDouble:
            return .number(try OracleBinaryFloat.decodeDouble(slice))
        case OracleType.varchar, OracleType.char, OracleType.long, OracleType.clob:
            if column.characterSetForm == OracleType.nationalForm { return .string(String(decoding: utf16(bytes), as: UTF16.self)) }
            return .string(String(decoding: bytes, as: UTF8.self))
        case OracleType.raw, OracleType.longRaw, OracleType.blob:
            return .string(Data(bytes).base64EncodedString())
        case OracleType.date:
            return .string(try OracleDateTime(wire: slice).iso8601(fraction: false))
        case OracleType.timestamp:
            return .string(try OracleDateTime(wire: slice).iso8601(fraction: true))
        case OracleType.timestampTZ, OracleType.timestampLTZ:
            var value = try OracleDateTime(wire: slice)
            if value.offsetMinutes == nil { value.offsetMinutes = 0 }
            return .string(value.iso8601(fraction: true))
        case OracleType.boolean:
            return .bool(bytes.first == 1)
        default:
            throw OracleValueError("a column \(column.name) of type \(column.typeName), which the node does not read; convert it in the query (TO_CHAR)")
        }
    }

    private static func utf16(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }

    /// The bind for a JSON value: strings as VARCHAR2, integers and numbers as NUMBER, booleans as BOOLEAN (as 1 and 0
    /// before 23ai), objects and arrays as JSON text. `{"type": "DATE", "value": "2024-03-05"}` binds a typed value
    /// (NUMBER, BINARY_DOUBLE, BINARY_FLOAT, VARCHAR2, NVARCHAR2, DATE, TIMESTAMP, TIMESTAMPTZ, RAW; any case).
    static func bind(_ value: JSONValue, supportsBoolean: Bool, field: String) throws(ConnectorError) -> OracleBind {
        switch value {
        case .null: return .null
        case .string(let text): return .text(text)
        case .integer(let integer): return .number(String(integer))
        case .number(let number):
            guard number.isFinite else { throw .invalidInput("\(field) is not a finite number.", field: field) }
            return .number(value.jsonString())
        case .bool(let flag): return supportsBoolean ? .boolean(flag) : .number(flag ? "1" : "0")
        case .array: return .text(value.jsonString())
        case .object(let object):
            guard let type = object["type"]?.stringValue, let raw = object["value"], object.count == 2 else { return .text(value.jsonString()) }
            return try typed(type, raw, field: field)
        }
    }

    private static func typed(_ type: String, _ value: JSONValue, field: String) throws(ConnectorError) -> OracleBind {
        if value == .null { return .null }
        let kind = type.uppercased()
        if kind == "BINARY_DOUBLE" || kind == "BINARY_FLOAT" {
            guard let number = value.doubleValue, number.isFinite else { throw .invalidInput("\(field).value must be a number for \(kind).", field: field) }
            return kind == "BINARY_DOUBLE" ? .binaryDouble(number) : .binaryFloat(Float(number))
        }
        guard let text = value.stringValue ?? Self.numberText(value) else {
            throw .invalidInput("\(field).value must be a string for type \(type).", field: field)
        }
        switch kind {
        case "NUMBER":
            guard OracleNumber.encode(text) != nil else { throw .invalidInput("\(field) is not a number Oracle can hold: \(text).", field: field) }
            return .number(text)
        case "VARCHAR2": return .text(text)
        case "NVARCHAR2": return .nationalText(text)
        case "DATE", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
            guard let moment = OracleDateTime(iso8601: text) else {
                throw .invalidInput("\(field) is not an ISO 8601 date or time (2024-03-05T14:30:00).", field: field)
            }
            switch kind {
            case "DATE": return .date(moment)
            case "TIMESTAMP": return .timestamp(moment)
            default: return .timestampTZ(moment)
            }
        case "RAW":
            guard let data = Data(base64Encoded: text) else { throw .invalidInput("\(field) is not base64.", field: field) }
            return .raw(Array(data))
        default:
            throw .invalidInput(
                "\(field).type must be NUMBER, BINARY_DOUBLE, BINARY_FLOAT, VARCHAR2, NVARCHAR2, DATE, TIMESTAMP, TIMESTAMPTZ or RAW.", field: field)
        }
    }

    private static func numberText(_ value: JSONValue) -> String? {
        switch value {
        case .integer, .number: value.jsonString()
        default: nil
        }
    }

    /// The binds for a statement's placeholders, read from `variables` (names compared without case).
    static func binds(for sql: OracleSQL, from variables: JSONObject, supportsBoolean: Bool, field: String) throws(ConnectorError) -> [OracleBind] {
        var byName: [String: (String, JSONValue)] = [:]
        for (key, value) in variables { byName[key.uppercased()] = (key, value) }
        var binds: [OracleBind] = []
        for name in sql.bindNames {
            guard let (key, value) = byName[name.uppercased()] ?? byName[name] else {
                throw .invalidInput("The SQL uses :\(name), but \(field) has no '\(name.lowercased())'.", field: "\(field).\(name.lowercased())")
            }
            binds.append(try bind(value, supportsBoolean: supportsBoolean, field: "\(field).\(key)"))
        }
        return binds
    }
}
