/// The CONNECT packet a client opens with, and what the listener answers: ACCEPT (with the protocol version, SDU and
/// whether Native Network Encryption is required), REFUSE (with `(ERR=n)` in its text) or REDIRECT (to another
/// address with a new connect descriptor).
enum TNSConnect {
    static let versionDesired: UInt16 = 319
    static let versionMinimum: UInt16 = 300
    /// 12.1: thin clients refuse older servers.
    static let versionMinimumAccepted: UInt16 = 315
    static let versionMinimumLargeSDU: UInt16 = 315
    static let versionMinimumOOBCheck: UInt16 = 318
    static let versionMinimumEndOfResponse: UInt16 = 319
    /// Connect data longer than this goes in a DATA packet of its own.
    static let maxConnectDataInPacket = 230
    static let redirectFlag: UInt8 = 0x04

    /// The CONNECT packet (and, for a long descriptor, the DATA packet that carries it).
    static func packets(descriptor: String, sdu: UInt32, redirected: Bool) -> [TNSPacket] {
        let data = Array(descriptor.utf8)
        var writer = TTCWriter()
        writer.uint16BE(versionDesired)
        writer.uint16BE(versionMinimum)
        writer.uint16BE(0x0001)                     // service options: don't care (no out-of-band breaks)
        writer.uint16BE(UInt16(truncatingIfNeeded: sdu))
        writer.uint16BE(UInt16(truncatingIfNeeded: sdu))
        writer.uint16BE(0x4F98)                     // protocol characteristics
        writer.uint16BE(0)                          // line turnaround
        writer.uint16BE(1)
        writer.uint16BE(UInt16(data.count))
        writer.uint16BE(74)                         // offset of the connect data from the packet's start
        writer.uint32BE(0)                          // max receivable data
        let nsiFlags: UInt8 = 0x80 | 0x04           // supports security renegotiation; Native Network Encryption off
        writer.uint8(nsiFlags)
        writer.uint8(nsiFlags)
        writer.uint64BE(0)
        writer.uint64BE(0)
        writer.uint64BE(0)
        writer.uint32BE(sdu)
        writer.uint32BE(sdu)
        writer.uint32BE(0)                          // connect flags 1
        writer.uint32BE(0)                          // connect flags 2
        let flags = redirected ? redirectFlag : 0
        if data.count > maxConnectDataInPacket {
            return [TNSPacket(kind: .connect, flags: flags, payload: writer.bytes), .data(data)]
        }
        writer.raw(data)
        return [TNSPacket(kind: .connect, flags: flags, payload: writer.bytes)]
    }

    /// What an ACCEPT packet says.
    struct Accept: Equatable {
        var protocolVersion: UInt16
        var protocolOptions: UInt16
        var requiresNativeEncryption: Bool
        var sdu: UInt32
        var flags2: UInt32

        static let fastAuthentication: UInt32 = 0x1000_0000
        static let endOfResponse: UInt32 = 0x0200_0000

        var supportsEndOfResponse: Bool {
            protocolVersion >= versionMinimumEndOfResponse && flags2 & Self.endOfResponse != 0
        }

        init(payload: [UInt8]) throws {
            var reader = TTCReader(payload)
            protocolVersion = try reader.uint16BE()
            protocolOptions = try reader.uint16BE()
            try reader.skip(10)
            requiresNativeEncryption = try reader.uint8() & 0x10 != 0
            try reader.skip(9)
            sdu = try reader.uint32BE()
            flags2 = 0
            if protocolVersion >= versionMinimumOOBCheck {
                try reader.skip(5)
                flags2 = try reader.uint32BE()
            }
        }
    }

    /// The listener's error number in a REFUSE packet's text, `…(ERR=12514)…`; nil when it has none.
    static func refusalCode(payload: [UInt8]) -> (code: Int?, text: String) {
        var reader = TTCReader(payload)
        guard (try? reader.skip(2)) != nil, let length = try? reader.uint16BE(), let text = try? reader.take(Int(length)) else {
            return (nil, "")
        }
        let message = String(decoding: text, as: UTF8.self)
        guard let start = message.range(of: "(ERR="), let end = message[start.upperBound...].firstIndex(of: ")") else {
            return (nil, message)
        }
        return (Int(message[start.upperBound..<end]), message)
    }

    /// Where a REDIRECT sends the client: the address part (before a NUL) and the descriptor to send there.
    struct Redirect: Equatable {
        var host: String
        var port: Int
        var descriptor: String

        init(data: [UInt8]) throws {
            let text = String(decoding: data, as: UTF8.self)
            guard let nul = text.firstIndex(of: "\0") else { throw TTCDecodingError("a redirect without its address") }
            let address = String(text[..<nul])
            descriptor = String(text[text.index(after: nul)...])
            guard let host = OracleDescriptor.value(of: "HOST", in: address),
                let port = OracleDescriptor.value(of: "PORT", in: address).flatMap({ Int($0) })
            else { throw TTCDecodingError("a redirect to \(address)") }
            self.host = host
            self.port = port
        }
    }
}
