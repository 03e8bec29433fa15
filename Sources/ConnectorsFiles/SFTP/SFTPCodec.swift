import NIOCore

/// SFTP version 3 packets: `uint32 length, byte type, payload`, written and read without I/O.
public enum SFTPCodec {
    /// The version this client speaks.
    public static let version: UInt32 = 3
    /// Longer packets are refused: 32 KiB reads and writes with their headers fit many times over.
    public static let maximumPacketLength = 256 * 1024

    /// The INIT packet that opens the session.
    public static func initPacket() -> ByteBuffer {
        packet(type: 1) { $0.writeInteger(version) }
    }

    /// A request packet with its id.
    public static func encode(_ request: SFTPRequest, id: UInt32) -> ByteBuffer {
        packet(type: request.type) { buffer in
            buffer.writeInteger(id)
            switch request {
            case .open(let path, let flags, let attributes):
                buffer.writeSFTPString(Array(path.utf8))
                buffer.writeInteger(flags.rawValue)
                attributes.write(to: &buffer)
            case .close(let handle), .fstat(let handle), .readdir(let handle):
                buffer.writeSFTPString(handle)
            case .read(let handle, let offset, let length):
                buffer.writeSFTPString(handle)
                buffer.writeInteger(offset)
                buffer.writeInteger(length)
            case .write(let handle, let offset, let data):
                buffer.writeSFTPString(handle)
                buffer.writeInteger(offset)
                buffer.writeSFTPString(data)
            case .lstat(let path), .opendir(let path), .remove(let path), .rmdir(let path), .realpath(let path), .stat(let path):
                buffer.writeSFTPString(Array(path.utf8))
            case .setstat(let path, let attributes), .mkdir(let path, let attributes):
                buffer.writeSFTPString(Array(path.utf8))
                attributes.write(to: &buffer)
            case .rename(let from, let to):
                buffer.writeSFTPString(Array(from.utf8))
                buffer.writeSFTPString(Array(to.utf8))
            case .posixRename(let from, let to):
                buffer.writeSFTPString(Array("posix-rename@openssh.com".utf8))
                buffer.writeSFTPString(Array(from.utf8))
                buffer.writeSFTPString(Array(to.utf8))
            }
        }
    }

    private static func packet(type: UInt8, _ body: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(type)
        body(&buffer)
        buffer.setInteger(UInt32(buffer.readableBytes - 4), at: buffer.readerIndex)
        return buffer
    }

    /// Reads one packet's payload (after its length) into a response.
    static func decode(_ packet: inout ByteBuffer) throws(SFTPProtocolError) -> SFTPResponse {
        let type = try packet.readSFTPInteger(UInt8.self)
        if type == 2 {
            let version = try packet.readSFTPInteger(UInt32.self)
            var extensions: [String: [UInt8]] = [:]
            while packet.readableBytes > 0 {
                let name = String(decoding: try packet.readSFTPString(), as: UTF8.self)
                extensions[name] = try packet.readSFTPString()
            }
            return .version(version, extensions: extensions)
        }
        let id = try packet.readSFTPInteger(UInt32.self)
        switch type {
        case 101:
            let code = SFTPStatusCode(rawValue: try packet.readSFTPInteger(UInt32.self))
            // Servers of version 3 may leave the message and language out.
            let message = packet.readableBytes >= 4 ? String(decoding: try packet.readSFTPString(), as: UTF8.self) : ""
            return .status(id: id, SFTPStatus(code: code, message: message))
        case 102: return .handle(id: id, try packet.readSFTPString())
        case 103: return .data(id: id, try packet.readSFTPString())
        case 104:
            let count = try packet.readSFTPInteger(UInt32.self)
            guard count <= 100_000 else { throw SFTPProtocolError("a NAME reply with \(count) entries") }
            var names: [SFTPName] = []
            for _ in 0..<count {
                let filename = String(decoding: try packet.readSFTPString(), as: UTF8.self)
                let longname = String(decoding: try packet.readSFTPString(), as: UTF8.self)
                names.append(SFTPName(filename: filename, longname: longname, attributes: try SFTPAttributes.read(from: &packet)))
            }
            return .name(id: id, names)
        case 105: return .attributes(id: id, try SFTPAttributes.read(from: &packet))
        case 201: return .extendedReply(id: id, Array(packet.readableBytesView))
        default: throw SFTPProtocolError("an unknown packet type \(type)")
        }
    }
}

/// Splits the channel's bytes into SFTP packets, however they arrive.
public struct SFTPFrameDecoder: Sendable {
    private var buffer = ByteBufferAllocator().buffer(capacity: 0)

    public init() {}

    /// Takes in bytes from the channel.
    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    /// The next whole response, or nil until more bytes arrive.
    public mutating func next() throws(SFTPProtocolError) -> SFTPResponse? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard length >= 1, length <= SFTPCodec.maximumPacketLength else {
            throw SFTPProtocolError("a packet of \(length) bytes (at most \(SFTPCodec.maximumPacketLength))")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        var packet = buffer.readSlice(length: Int(length))!
        buffer.discardReadBytes()
        let response = try SFTPCodec.decode(&packet)
        return response
    }
}

extension ByteBuffer {
    mutating func writeSFTPString(_ bytes: [UInt8]) {
        writeInteger(UInt32(bytes.count))
        writeBytes(bytes)
    }

    mutating func readSFTPString() throws(SFTPProtocolError) -> [UInt8] {
        let length = try readSFTPInteger(UInt32.self)
        guard let bytes = readBytes(length: Int(length)) else { throw SFTPProtocolError("a string longer than its packet") }
        return bytes
    }

    mutating func readSFTPInteger<Integer: FixedWidthInteger>(_: Integer.Type) throws(SFTPProtocolError) -> Integer {
        guard let value = readInteger(as: Integer.self) else { throw SFTPProtocolError("a packet shorter than its fields") }
        return value
    }
}
