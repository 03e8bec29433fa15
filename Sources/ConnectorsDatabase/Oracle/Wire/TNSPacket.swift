/// One TNS packet: an 8-byte header (length, type, flags, checksums), then the payload. DATA packets begin their
/// payload with two bytes of data flags, kept in `payload` and read by `dataFlags`/`data`.
struct TNSPacket: Equatable, Sendable {
    enum Kind: UInt8, Sendable {
        case connect = 1, accept = 2, refuse = 4, redirect = 5, data = 6, resend = 11, marker = 12, control = 14
    }

    static let headerSize = 8

    var kind: Kind
    var flags: UInt8
    /// Everything after the header.
    var payload: [UInt8]

    /// A DATA packet around a TTC message.
    static func data(_ message: [UInt8], dataFlags: UInt16 = 0) -> TNSPacket {
        TNSPacket(kind: .data, flags: 0, payload: [UInt8(dataFlags >> 8), UInt8(dataFlags & 0xFF)] + message)
    }

    /// A MARKER packet (break, reset or interrupt).
    static func marker(_ type: TNSMarker) -> TNSPacket {
        TNSPacket(kind: .marker, flags: 0, payload: [1, 0, type.rawValue])
    }

    /// The data flags of a DATA packet.
    var dataFlags: UInt16 {
        payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 0
    }

    /// The TTC bytes of a DATA packet (after its data flags).
    var data: ArraySlice<UInt8> { payload.dropFirst(2) }

    /// The marker type of a MARKER packet.
    var marker: TNSMarker? {
        kind == .marker && payload.count >= 3 ? TNSMarker(rawValue: payload[2]) : nil
    }

    /// The packet on the wire. Before the connection is accepted (and with protocols before 315) the length takes
    /// two bytes followed by a zero checksum; after, with a large SDU, four.
    func encoded(largeLength: Bool) -> [UInt8] {
        let length = Self.headerSize + payload.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        if largeLength {
            bytes += [UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        } else {
            bytes += [UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), 0, 0]
        }
        bytes += [kind.rawValue, flags, 0, 0]
        bytes += payload
        return bytes
    }
}

/// Out-of-band signals inside the byte stream.
enum TNSMarker: UInt8, Sendable {
    case `break` = 1, reset = 2, interrupt = 3
}

/// Data flags of DATA packets.
enum TNSDataFlags {
    static let endOfFile: UInt16 = 0x0040
}
