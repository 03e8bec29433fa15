import NIOCore
import Synchronization

/// Whether packet lengths take four bytes: set once the listener accepts with protocol 315 or later. Shared between the
/// connection and its frame decoder, which runs on the event loop.
final class TNSFraming: Sendable {
    private let largeLength = Atomic<Bool>(false)

    var usesLargeLength: Bool { largeLength.load(ordering: .acquiring) }

    func useLargeLength() { largeLength.store(true, ordering: .releasing) }
}

/// Splits the byte stream into TNS packets.
struct TNSFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = TNSPacket

    /// A server's packet is never trusted beyond this (SDUs go up to 2 MiB).
    static let maximumPacket = 4 << 20

    let framing: TNSFraming

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= TNSPacket.headerSize else { return .needMoreData }
        let start = buffer.readerIndex
        let length: Int
        if framing.usesLargeLength {
            length = Int(buffer.getInteger(at: start, as: UInt32.self) ?? 0)
        } else {
            length = Int(buffer.getInteger(at: start, as: UInt16.self) ?? 0)
        }
        guard length >= TNSPacket.headerSize, length <= Self.maximumPacket else {
            throw TTCDecodingError("a packet with a length of \(length)")
        }
        guard buffer.readableBytes >= length else { return .needMoreData }
        let typeByte = buffer.getInteger(at: start + 4, as: UInt8.self) ?? 0
        guard let kind = TNSPacket.Kind(rawValue: typeByte) else {
            throw TTCDecodingError("a packet of unknown type \(typeByte)")
        }
        let flags = buffer.getInteger(at: start + 5, as: UInt8.self) ?? 0
        let payload = buffer.getBytes(at: start + TNSPacket.headerSize, length: length - TNSPacket.headerSize) ?? []
        buffer.moveReaderIndex(forwardBy: length)
        context.fireChannelRead(wrapInboundOut(TNSPacket(kind: kind, flags: flags, payload: payload)))
        return .continue
    }
}
