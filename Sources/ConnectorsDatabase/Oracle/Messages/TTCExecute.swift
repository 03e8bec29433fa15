/// A value bound to a `:name` placeholder, with the type it is sent as.
enum OracleBind: Equatable, Sendable {
    case null
    case text(String)
    /// Text in the national character set (NVARCHAR2), sent as UTF-16.
    case nationalText(String)
    /// A decimal number as text, sent as NUMBER so it stays exact.
    case number(String)
    case binaryDouble(Double)
    case binaryFloat(Float)
    case boolean(Bool)
    case raw([UInt8])
    case date(OracleDateTime)
    case timestamp(OracleDateTime)
    case timestampTZ(OracleDateTime)

    /// Type number, character set form and buffer size announced for the value.
    var metadata: (type: UInt8, form: UInt8, bufferSize: UInt32) {
        switch self {
        case .null: (OracleType.varchar, 1, 4)
        case .text(let text): (OracleType.varchar, 1, UInt32(max(text.utf8.count, 1)) * 4)
        case .nationalText(let text): (OracleType.varchar, OracleType.nationalForm, UInt32(max(text.utf16.count, 1)) * 4)
        case .number: (OracleType.number, 0, 22)
        case .binaryDouble: (OracleType.binaryDouble, 0, 8)
        case .binaryFloat: (OracleType.binaryFloat, 0, 4)
        case .boolean: (OracleType.boolean, 0, 4)
        case .raw(let bytes): (OracleType.raw, 0, UInt32(max(bytes.count, 1)))
        case .date: (OracleType.date, 0, 7)
        case .timestamp: (OracleType.timestamp, 0, 11)
        case .timestampTZ: (OracleType.timestampTZ, 0, 13)
        }
    }

    /// The value's bytes as they follow the ROW_DATA marker.
    func write(_ writer: inout TTCWriter) {
        switch self {
        case .null: writer.uint8(0)
        case .text(let text): writer.bytesWithLength(Array(text.utf8))
        case .nationalText(let text): writer.bytesWithLength(text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        case .number(let text): writer.bytesWithLength(OracleNumber.encode(text) ?? [128])
        case .binaryDouble(let value): writer.bytesWithLength(OracleBinaryFloat.encode(value))
        case .binaryFloat(let value): writer.bytesWithLength(OracleBinaryFloat.encode(value))
        case .boolean(let value): writer.bytesWithLength(value ? [1, 1] : [0])
        case .raw(let bytes): writer.bytesWithLength(bytes)
        case .date(let value): writer.bytesWithLength(value.wire(length: 7))
        case .timestamp(let value): writer.bytesWithLength(value.wire(length: value.nanosecond == 0 ? 7 : 11))
        case .timestampTZ(let value): writer.bytesWithLength(value.wire(length: 13))
        }
    }
}

/// What kind of statement the SQL is, from its first keyword, as the server needs to be told.
enum OracleStatementKind: Equatable {
    case query, dml, plsql, ddl, other

    init(firstKeyword keyword: String) {
        switch keyword.uppercased() {
        case "SELECT", "WITH": self = .query
        case "INSERT", "UPDATE", "DELETE", "MERGE": self = .dml
        case "DECLARE", "BEGIN", "CALL": self = .plsql
        case "CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "ANALYZE", "AUDIT", "COMMENT", "TRUNCATE": self = .ddl
        default: self = .other
        }
    }
}

extension TTCRequestWriter {
    private enum ExecuteOption {
        static let parse: UInt32 = 0x01, bind: UInt32 = 0x08, define: UInt32 = 0x10, execute: UInt32 = 0x20
        static let fetch: UInt32 = 0x40, commit: UInt32 = 0x100, plsqlBind: UInt32 = 0x400, notPLSQL: UInt32 = 0x8000
    }

    static let maxLongLength: UInt32 = 0x7FFF_FFFF

    /// Parses and runs `sql` on a new cursor with its binds (and, for a query, fetches the first `prefetch` rows);
    /// `commit` commits in the same call.
    mutating func execute(sql: String, kind: OracleStatementKind, binds: [OracleBind], prefetch: UInt32, commit: Bool, maxStringSize: UInt32) {
        var options = ExecuteOption.parse | ExecuteOption.execute
        if kind == .query && prefetch > 0 { options |= ExecuteOption.fetch }
        if kind == .plsql {
            if !binds.isEmpty { options |= ExecuteOption.plsqlBind }
        } else {
            options |= ExecuteOption.notPLSQL
        }
        if !binds.isEmpty { options |= ExecuteOption.bind }
        if commit { options |= ExecuteOption.commit }
        let sqlBytes = Array(sql.utf8)
        executeHeader(
            options: options, cursor: 0, sqlLength: UInt32(sqlBytes.count), iterations: kind == .query ? prefetch : 1,
            binds: UInt32(binds.count), defines: nil)
        writer.bytesWithLength(sqlBytes)
        writer.ub4(1)                                       // al8i4[0]: parse
        writer.ub4(kind == .query ? 0 : 1)                  // al8i4[1]: execution count
        executeTail(isQuery: kind == .query, flags: 0x8000) // implicit result sets allowed
        guard !binds.isEmpty else { return }
        for bind in binds {
            let meta = bind.metadata
            columnMetadata(type: meta.type, form: meta.form, bufferSize: meta.bufferSize, continuation: 0)
        }
        writer.uint8(TTCMessageType.rowData)
        let long = kind == .plsql ? [] : binds.filter { $0.metadata.bufferSize > maxStringSize }
        for bind in binds where kind == .plsql || bind.metadata.bufferSize <= maxStringSize { bind.write(&writer) }
        for bind in long { bind.write(&writer) }
    }

    /// Redefines the columns of an executed query so CLOB and BLOB values come back inline as LONG and LONG RAW.
    mutating func define(cursor: UInt16, columns: [OracleColumn], prefetch: UInt32) {
        executeHeader(
            options: ExecuteOption.define | ExecuteOption.notPLSQL, cursor: cursor, sqlLength: 0, iterations: prefetch,
            binds: 0, defines: UInt32(columns.count))
        writer.ub4(0)                                       // al8i4[0]: no parse
        writer.ub4(prefetch)                                // al8i4[1]
        executeTail(isQuery: true, flags: 0)
        for column in columns {
            let type = column.fetchType
            let isLong = type == OracleType.long || type == OracleType.longRaw
            columnMetadata(
                type: type, form: column.type == OracleType.blob ? 0 : column.characterSetForm,
                bufferSize: isLong ? Self.maxLongLength : column.bufferSize, continuation: 0)
        }
    }

    private mutating func executeHeader(options: UInt32, cursor: UInt16, sqlLength: UInt32, iterations: UInt32, binds: UInt32, defines: UInt32?) {
        function(.execute)
        writer.ub4(options)
        writer.ub4(UInt32(cursor))
        writer.uint8(cursor == 0 ? 1 : 0)                   // pointer to the SQL
        writer.ub4(sqlLength)
        writer.uint8(1)                                     // pointer to al8i4
        writer.ub4(13)                                      // al8i4 length
        writer.uint8(0)
        writer.uint8(0)
        writer.ub4(0)                                       // prefetch buffer size
        writer.ub4(iterations)                              // prefetch rows
        writer.ub4(Self.maxLongLength)
        writer.uint8(binds == 0 ? 0 : 1)
        writer.ub4(binds)
        for _ in 0..<5 { writer.uint8(0) }                  // al8app, al8txn, al8txl, al8kv, al8kvl
        writer.uint8(defines == nil ? 0 : 1)
        writer.ub4(defines ?? 0)
        writer.ub4(0)                                       // registration id (low)
        writer.uint8(0)
        writer.uint8(1)
        writer.uint8(0)
        writer.ub4(0)
        writer.uint8(0)
        writer.ub4(0)
        writer.ub4(0)                                       // registration id (high)
        writer.uint8(0)                                     // DML row counts
        writer.ub4(0)
        writer.uint8(0)
        if fieldVersion >= OracleCapabilities.FieldVersion.v12_2 {
            writer.uint8(0); writer.ub4(0); writer.uint8(0); writer.ub4(0); writer.uint8(0)
            if fieldVersion >= OracleCapabilities.FieldVersion.v12_2ext1 {
                writer.uint8(0)
                writer.ub4(0)
            }
        }
    }

    private mutating func executeTail(isQuery: Bool, flags: UInt32) {
        for _ in 0..<5 { writer.ub4(0) }                    // al8i4[2...6]
        writer.ub4(isQuery ? 1 : 0)                         // al8i4[7]
        writer.ub4(0)
        writer.ub4(flags)                                   // al8i4[9]
        writer.ub4(0)                                       // fetch orientation
        writer.ub4(0)                                       // fetch position
        writer.ub4(0)
    }

    private mutating func columnMetadata(type: UInt8, form: UInt8, bufferSize: UInt32, continuation: UInt64) {
        writer.uint8(type)
        writer.uint8(0x01)                                  // use indicators
        writer.uint8(0)                                     // precision and scale: always zero
        writer.uint8(0)
        writer.ub4(bufferSize)
        writer.ub4(0)                                       // array elements
        writer.ub8(continuation)
        writer.ub4(0)                                       // type OID
        writer.ub2(0)                                       // version
        writer.ub2(form != 0 ? OracleCapabilities.charsetUTF8 : 0)
        writer.uint8(form)
        writer.ub4(0)                                       // LOB prefetch length
        if fieldVersion >= OracleCapabilities.FieldVersion.v12_2 { writer.ub4(0) }
    }
}
