/// Oracle's type numbers for the types the node reads and binds.
enum OracleType {
    static let varchar: UInt8 = 1, number: UInt8 = 2, binaryInteger: UInt8 = 3, long: UInt8 = 8, rowid: UInt8 = 11
    static let date: UInt8 = 12, raw: UInt8 = 23, longRaw: UInt8 = 24, char: UInt8 = 96, binaryFloat: UInt8 = 100
    static let binaryDouble: UInt8 = 101, cursor: UInt8 = 102, object: UInt8 = 109, clob: UInt8 = 112, blob: UInt8 = 113
    static let json: UInt8 = 119, vector: UInt8 = 127, timestamp: UInt8 = 180, timestampTZ: UInt8 = 181
    static let intervalYM: UInt8 = 182, intervalDS: UInt8 = 183, urowid: UInt8 = 208, timestampLTZ: UInt8 = 231
    static let boolean: UInt8 = 252

    /// The national character set form (NCHAR, NVARCHAR2, NCLOB).
    static let nationalForm: UInt8 = 2
}

/// One column of a result, as the server describes it.
struct OracleColumn: Equatable, Sendable {
    var name: String
    var type: UInt8
    var characterSetForm: UInt8
    var precision: Int8
    var scale: Int8
    var bufferSize: UInt32
    var maxSize: UInt32
    var nullable: Bool

    /// Oracle's name for the type: `NUMBER`, `NVARCHAR2`, `TIMESTAMP WITH TIME ZONE`…
    var typeName: String {
        let national = characterSetForm == OracleType.nationalForm
        switch type {
        case OracleType.varchar: return national ? "NVARCHAR2" : "VARCHAR2"
        case OracleType.char: return national ? "NCHAR" : "CHAR"
        case OracleType.clob: return national ? "NCLOB" : "CLOB"
        case OracleType.number, OracleType.binaryInteger: return "NUMBER"
        case OracleType.long: return "LONG"
        case OracleType.rowid: return "ROWID"
        case OracleType.urowid: return "UROWID"
        case OracleType.date: return "DATE"
        case OracleType.raw: return "RAW"
        case OracleType.longRaw: return "LONG RAW"
        case OracleType.binaryFloat: return "BINARY_FLOAT"
        case OracleType.binaryDouble: return "BINARY_DOUBLE"
        case OracleType.blob: return "BLOB"
        case OracleType.json: return "JSON"
        case OracleType.vector: return "VECTOR"
        case OracleType.timestamp: return "TIMESTAMP"
        case OracleType.timestampTZ: return "TIMESTAMP WITH TIME ZONE"
        case OracleType.timestampLTZ: return "TIMESTAMP WITH LOCAL TIME ZONE"
        case OracleType.intervalYM: return "INTERVAL YEAR TO MONTH"
        case OracleType.intervalDS: return "INTERVAL DAY TO SECOND"
        case OracleType.boolean: return "BOOLEAN"
        case OracleType.cursor: return "REF CURSOR"
        case OracleType.object: return "OBJECT"
        default: return "TYPE \(type)"
        }
    }

    /// CLOB, NCLOB and BLOB come back inline only after the client defines them as LONG or LONG RAW.
    var isLOB: Bool { type == OracleType.clob || type == OracleType.blob }

    /// The type this column is fetched as: LOBs as LONG (text) and LONG RAW (bytes), read inline.
    var fetchType: UInt8 {
        switch type {
        case OracleType.clob: OracleType.long
        case OracleType.blob: OracleType.longRaw
        default: type
        }
    }

    /// Reads one column's metadata from a describe message.
    static func read(_ reader: inout TTCReader, fieldVersion: UInt8) throws -> OracleColumn {
        let type = try reader.ub1()
        try reader.skip(1)                                  // flags
        let precision = Int8(bitPattern: try reader.uint8())
        let scale = Int8(bitPattern: try reader.uint8())
        let bufferSize = try reader.ub4()
        _ = try reader.ub4()                                // max array elements
        _ = try reader.ub8()                                // continuation flags
        _ = try reader.bytesWithTwoLengths()                // type OID
        _ = try reader.ub2()                                // version
        _ = try reader.ub2()                                // character set id
        let form = try reader.ub1()
        var maxSize = try reader.ub4()
        if type == OracleType.raw { maxSize = bufferSize }
        if fieldVersion >= OracleCapabilities.FieldVersion.v12_2 { _ = try reader.ub4() }
        let nullable = try reader.ub1() != 0
        try reader.skip(1)                                  // v7 name length
        let name = try reader.stringWithTwoLengths() ?? ""
        _ = try reader.stringWithTwoLengths()               // schema
        _ = try reader.stringWithTwoLengths()               // type name
        _ = try reader.ub2()                                // position
        _ = try reader.ub4()                                // UDS flags
        if fieldVersion >= OracleCapabilities.FieldVersion.v23_1 {
            _ = try reader.stringWithTwoLengths()           // domain schema
            _ = try reader.stringWithTwoLengths()           // domain name
        }
        if fieldVersion >= OracleCapabilities.FieldVersion.v23_1ext3, try reader.ub4() > 0 {
            try reader.skip(1)
            let annotations = try reader.ub4()
            try reader.skip(1)
            for _ in 0..<annotations {
                _ = try reader.stringWithTwoLengths()
                _ = try reader.stringWithTwoLengths()
                _ = try reader.ub4()
            }
            _ = try reader.ub4()
        }
        if fieldVersion >= OracleCapabilities.FieldVersion.v23_4 {
            _ = try reader.ub4()                            // vector dimensions
            try reader.skip(2)                              // vector format and flags
        }
        return OracleColumn(
            name: name, type: type, characterSetForm: form, precision: precision, scale: scale,
            bufferSize: bufferSize, maxSize: maxSize, nullable: nullable)
    }
}
