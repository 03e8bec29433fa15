/// The two messages after the listener accepts: the protocol message (the server answers with its banner, character
/// sets and capabilities) and the data types message (the types the client can take).
enum TTCMessageType {
    static let `protocol`: UInt8 = 1, dataTypes: UInt8 = 2, function: UInt8 = 3, error: UInt8 = 4, rowHeader: UInt8 = 6
    static let rowData: UInt8 = 7, parameter: UInt8 = 8, status: UInt8 = 9, ioVector: UInt8 = 11, lobData: UInt8 = 14
    static let warning: UInt8 = 15, describeInfo: UInt8 = 16, piggyback: UInt8 = 17, flushOutBinds: UInt8 = 19
    static let bitVector: UInt8 = 21, serverSidePiggyback: UInt8 = 23, implicitResultSet: UInt8 = 27
    static let renegotiate: UInt8 = 28, endOfResponse: UInt8 = 29, token: UInt8 = 33
}

enum TTCHandshake {
    /// The protocol message: version 6, our driver's name.
    static func protocolRequest() -> [UInt8] {
        var writer = TTCWriter()
        writer.uint8(TTCMessageType.protocol)
        writer.uint8(6)
        writer.uint8(0)
        writer.raw(Array("plugboard-oracle".utf8))
        writer.uint8(0)
        return writer.bytes
    }

    /// What the server says about itself.
    struct ServerProtocol: Equatable {
        var version: UInt8
        var banner: String
        var charsetID: UInt16
        var ncharsetID: UInt16
        var compileCapabilities: [UInt8]
        var runtimeCapabilities: [UInt8]
    }

    static func readProtocolResponse(_ reader: inout TTCReader) throws -> ServerProtocol {
        let type = try reader.uint8()
        guard type == TTCMessageType.protocol else { throw TTCDecodingError("message type \(type) where the protocol answer belongs") }
        let version = try reader.uint8()
        try reader.skip(1)
        let banner = String(decoding: try reader.nullTerminated(), as: UTF8.self)
        let charset = try reader.uint16LE()
        try reader.skip(1)                                  // server flags
        let elements = try reader.uint16LE()
        try reader.skip(Int(elements) * 5)
        let fdoLength = try reader.uint16BE()
        let fdo = Array(try reader.take(Int(fdoLength)))
        guard fdo.count >= 7 else { throw TTCDecodingError("a protocol answer with \(fdo.count) bytes of FDO") }
        let index = 6 + Int(fdo[5]) + Int(fdo[6])
        guard fdo.count >= index + 5 else { throw TTCDecodingError("a protocol answer with a short FDO") }
        let ncharset = UInt16(fdo[index + 3]) << 8 | UInt16(fdo[index + 4])
        let compile = try reader.bytesWithLength() ?? []
        let runtime = try reader.bytesWithLength() ?? []
        return ServerProtocol(
            version: version, banner: banner, charsetID: charset, ncharsetID: ncharset,
            compileCapabilities: compile, runtimeCapabilities: runtime)
    }

    /// The data types message, carrying our capabilities as agreed so far.
    static func dataTypesRequest(_ capabilities: OracleCapabilities) -> [UInt8] {
        var writer = TTCWriter()
        writer.uint8(TTCMessageType.dataTypes)
        writer.uint16LE(OracleCapabilities.charsetUTF8)
        writer.uint16LE(OracleCapabilities.charsetUTF8)
        writer.uint8(0x01 | 0x02)                           // multi-byte, conversion length
        writer.bytesWithLength(capabilities.compile)
        writer.bytesWithLength(capabilities.runtime)
        for entry in TTCDataTypes.announced {
            writer.uint16BE(entry.type)
            writer.uint16BE(entry.conversion)
            writer.uint16BE(entry.representation)
            writer.uint16BE(0)
        }
        writer.uint16BE(0)
        return writer.bytes
    }

    /// Skips the server's list of data types.
    static func readDataTypesResponse(_ reader: inout TTCReader) throws {
        let type = try reader.uint8()
        guard type == TTCMessageType.dataTypes else { throw TTCDecodingError("message type \(type) where the data types answer belongs") }
        while true {
            let dataType = try reader.uint16BE()
            if dataType == 0 { return }
            if try reader.uint16BE() != 0 { try reader.skip(4) }
        }
    }
}
