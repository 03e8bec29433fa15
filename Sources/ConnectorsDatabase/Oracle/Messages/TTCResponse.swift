import Foundation

/// What one call's response said: the end-of-call error block (which carries the cursor id and row count even when
/// nothing failed), the key/value parameters of a logon, and for queries the columns and rows.
struct TTCResponse {
    /// An ORA error the call ended with; nil when it succeeded (ORA-01403 at the end of a fetch counts as success).
    var error: OracleServerError?
    var callStatus: UInt32 = 0
    var cursorID: UInt16 = 0
    var rowCount: UInt64 = 0
    /// Logon key/value pairs (`AUTH_SESSKEY`, `AUTH_SESSION_ID`…).
    var parameters: [String: String] = [:]
    var verifierType: UInt32?
    /// Columns described in this response (a query's first execute).
    var columns: [OracleColumn]?
    /// Rows received: one raw value per column, nil for NULL.
    var rows: [[[UInt8]?]] = []
    /// ORA-01403 closed the fetch: the cursor has no more rows.
    var fetchEnded = false

    static let noDataFound: UInt32 = 1403
}

/// An error the server reported: ORA number, its text and where in the statement it was found.
struct OracleServerError: Error, Equatable {
    var number: UInt32
    var message: String
    var position: Int
}

/// Reads a response message by message. `columns` and `previousRow` carry what earlier responses of the same cursor
/// said, for row data and for columns the server marks as repeated from the previous row.
struct TTCResponseReader {
    enum Kind { case logon, call }

    let kind: Kind
    let fieldVersion: UInt8
    /// Whether the response ends with an explicit end-of-response message (protocol 319 servers that offer it)
    /// rather than with its error or status block.
    let explicitEnd: Bool
    var columns: [OracleColumn]
    var previousRow: [[UInt8]?]?

    func read(_ bytes: [UInt8]) throws -> TTCResponse {
        var reader = TTCReader(bytes)
        var response = TTCResponse()
        var columns = self.columns
        var previous = previousRow
        var bitVector: [UInt8]?
        while true {
            let type = try reader.uint8()
            switch type {
            case TTCMessageType.error:
                try readError(&reader, into: &response)
                if !explicitEnd { return response }
            case TTCMessageType.status:
                response.callStatus = try reader.ub4()
                _ = try reader.ub2()
                if !explicitEnd { return response }
            case TTCMessageType.endOfResponse:
                return response
            case TTCMessageType.parameter:
                if kind == .logon { try readLogonParameters(&reader, into: &response) } else { try skipCallParameters(&reader) }
            case TTCMessageType.describeInfo:
                _ = try reader.bytesWithLength()
                columns = try readDescribe(&reader)
                response.columns = columns
                previous = nil
            case TTCMessageType.rowHeader:
                bitVector = try readRowHeader(&reader)
            case TTCMessageType.bitVector:
                _ = try reader.ub2()
                bitVector = Array(try reader.take((columns.count + 7) / 8))
            case TTCMessageType.rowData:
                let row = try readRow(&reader, columns: columns, previous: previous, bitVector: bitVector)
                response.rows.append(row)
                previous = row
                bitVector = nil
            case TTCMessageType.ioVector:
                try skipIOVector(&reader)
            case TTCMessageType.warning:
                _ = try reader.ub2()
                let length = try reader.ub2()
                _ = try reader.ub2()
                if length > 0 { _ = try reader.bytesWithLength() }
            case TTCMessageType.serverSidePiggyback:
                try skipServerPiggyback(&reader)
            case TTCMessageType.token:
                _ = try reader.ub8()
            case TTCMessageType.flushOutBinds:
                return response
            default:
                throw TTCDecodingError("message type \(type) at byte \(reader.position - 1)")
            }
        }
    }

    private func readError(_ reader: inout TTCReader, into response: inout TTCResponse) throws {
        response.callStatus = try reader.ub4()
        _ = try reader.ub2()                                // end-to-end sequence number
        _ = try reader.ub4()                                // current row number
        _ = try reader.ub2()                                // error number
        _ = try reader.ub2()                                // array element errors
        _ = try reader.ub2()
        response.cursorID = try reader.ub2()
        let position = try reader.sb2()
        try reader.skip(5)                                  // SQL type, fatal, flags, cursor options, UPI parameter
        _ = try reader.uint8()                              // warning flags
        _ = try reader.ub4(); _ = try reader.ub2(); try reader.skip(1); _ = try reader.ub4(); _ = try reader.ub2()   // rowid
        _ = try reader.ub4()                                // OS error
        try reader.skip(2)                                  // statement and call numbers
        _ = try reader.ub2()                                // padding
        _ = try reader.ub4()                                // successful iterations
        _ = try reader.bytesWithTwoLengths()                // logical rowid
        try skipBatchErrors(&reader)
        let number = try reader.ub4()
        response.rowCount = try reader.ub8()
        if fieldVersion >= OracleCapabilities.FieldVersion.v20_1 {
            _ = try reader.ub4()
            _ = try reader.ub4()
        }
        guard number != 0 else { return }
        let message = try reader.string() ?? ""
        if number == TTCResponse.noDataFound {
            response.fetchEnded = true
            return
        }
        response.error = OracleServerError(
            number: number, message: message.trimmingCharacters(in: .whitespacesAndNewlines), position: Int(max(position, 0)))
    }

    private func skipBatchErrors(_ reader: inout TTCReader) throws {
        let codes = try reader.ub2()
        if codes > 0 {
            let first = try reader.uint8()
            for _ in 0..<codes {
                if first == TTC.longLengthIndicator { _ = try reader.ub4() }
                _ = try reader.ub2()
            }
            if first == TTC.longLengthIndicator { try reader.skip(1) }
        }
        let offsets = try reader.ub4()
        if offsets > 0 {
            let first = try reader.uint8()
            for _ in 0..<offsets {
                if first == TTC.longLengthIndicator { _ = try reader.ub4() }
                _ = try reader.ub4()
            }
            if first == TTC.longLengthIndicator { try reader.skip(1) }
        }
        let messages = try reader.ub2()
        if messages > 0 {
            try reader.skip(1)
            for _ in 0..<messages {
                _ = try reader.ub2()
                _ = try reader.bytesWithLength()
                try reader.skip(2)
            }
        }
    }

    private func readLogonParameters(_ reader: inout TTCReader, into response: inout TTCResponse) throws {
        let count = try reader.ub2()
        for _ in 0..<count {
            let key = try reader.stringWithTwoLengths() ?? ""
            let value = try reader.stringWithTwoLengths() ?? ""
            if key == "AUTH_VFR_DATA" { response.verifierType = try reader.ub4() } else { _ = try reader.ub4() }
            response.parameters[key] = value
        }
    }

    private func skipCallParameters(_ reader: inout TTCReader) throws {
        let outputs = try reader.ub2()
        for _ in 0..<outputs { _ = try reader.ub4() }
        let transaction = try reader.ub2()
        if transaction > 0 { try reader.skip(Int(transaction)) }
        let pairs = try reader.ub2()
        for _ in 0..<pairs {
            if try reader.ub2() > 0 { _ = try reader.bytesWithLength() }
            if try reader.ub2() > 0 { _ = try reader.bytesWithLength() }
            _ = try reader.ub2()
        }
        let registration = try reader.ub2()
        if registration > 0 { try reader.skip(Int(registration)) }
    }

    private func readDescribe(_ reader: inout TTCReader) throws -> [OracleColumn] {
        _ = try reader.ub4()                                // max row size
        let count = try reader.ub4()
        if count > 0 { try reader.skip(1) }
        var columns: [OracleColumn] = []
        for _ in 0..<count { columns.append(try OracleColumn.read(&reader, fieldVersion: fieldVersion)) }
        _ = try reader.bytesWithTwoLengths()                // current date
        for _ in 0..<4 { _ = try reader.ub4() }
        _ = try reader.bytesWithTwoLengths()
        return columns
    }

    private func readRowHeader(_ reader: inout TTCReader) throws -> [UInt8]? {
        try reader.skip(1)
        _ = try reader.ub2()
        _ = try reader.ub4()
        _ = try reader.ub4()
        _ = try reader.ub2()
        let length = try reader.ub4()
        var bitVector: [UInt8]?
        if length > 0 {
            try reader.skip(1)
            bitVector = Array(try reader.take(Int(length)))
        }
        _ = try reader.bytesWithTwoLengths()                // rowid
        return bitVector
    }

    private func readRow(
        _ reader: inout TTCReader, columns: [OracleColumn], previous: [[UInt8]?]?, bitVector: [UInt8]?
    ) throws -> [[UInt8]?] {
        var row: [[UInt8]?] = []
        row.reserveCapacity(columns.count)
        for (index, column) in columns.enumerated() {
            if let bitVector, bitVector[index / 8] & (1 << UInt8(index % 8)) == 0 {
                row.append(previous?[index] ?? nil)
                continue
            }
            let type = column.fetchType
            let isLong = type == OracleType.long || type == OracleType.longRaw
            if column.bufferSize == 0 && !isLong && type != OracleType.urowid {
                row.append(nil)
                continue
            }
            switch type {
            case OracleType.rowid, OracleType.urowid, OracleType.cursor, OracleType.object, OracleType.json, OracleType.vector:
                throw OracleValueError("columns of type \(column.typeName) (\(column.name)); convert them in the query, e.g. ROWIDTOCHAR(ROWID) or JSON_SERIALIZE")
            default:
                row.append(try reader.bytesWithLength())
                if isLong {
                    _ = try reader.sb4()                    // null indicator
                    _ = try reader.ub4()                    // return code
                }
            }
        }
        return row
    }

    private func skipIOVector(_ reader: inout TTCReader) throws {
        try reader.skip(1)
        let requests = try reader.ub2()
        let iterations = try reader.ub4()
        let binds = Int(iterations) * 256 + Int(requests)
        _ = try reader.ub4()
        _ = try reader.ub2()
        let fastFetch = try reader.ub2()
        if fastFetch > 0 { try reader.skip(Int(fastFetch)) }
        let rowid = try reader.ub2()
        if rowid > 0 { try reader.skip(Int(rowid)) }
        try reader.skip(binds)                              // every bind's direction
    }

    private func skipServerPiggyback(_ reader: inout TTCReader) throws {
        let opcode = try reader.uint8()
        switch opcode {
        case 1, 3: break                                    // query cache invalidation, trace event
        case 2: _ = try reader.ub2(); _ = try reader.bytesWithLength()
        case 4:                                             // session return values
            _ = try reader.ub2(); try reader.skip(1)
            let elements = try reader.ub2()
            if elements > 0 {
                try reader.skip(1)
                for _ in 0..<elements {
                    if try reader.ub2() > 0 { _ = try reader.bytesWithLength() }
                    if try reader.ub2() > 0 { _ = try reader.bytesWithLength() }
                    _ = try reader.ub2()
                }
            }
            _ = try reader.ub4(); _ = try reader.ub4(); _ = try reader.ub2()
        case 5:                                             // sync
            _ = try reader.ub2(); try reader.skip(1)
            let elements = try reader.ub2()
            try reader.skip(1)
            for _ in 0..<elements {
                if try reader.ub2() > 0 { _ = try reader.bytesWithLength() }
                if try reader.ub2() > 0 { _ = try reader.bytesWithLength() }
                _ = try reader.ub2()
            }
            _ = try reader.ub4()
        case 7: _ = try reader.bytesWithTwoLengths()        // LTXID
        case 8:                                             // application continuity replay context
            _ = try reader.ub2(); try reader.skip(1); _ = try reader.ub4(); _ = try reader.ub4(); try reader.skip(1)
            _ = try reader.bytesWithTwoLengths()
        case 9: _ = try reader.ub2(); try reader.skip(1)
        case 10: _ = try reader.ub2(); try reader.skip(1); _ = try reader.ub8(); _ = try reader.ub8(); _ = try reader.ub8()
        default: throw TTCDecodingError("server piggyback \(opcode)")
        }
    }
}
