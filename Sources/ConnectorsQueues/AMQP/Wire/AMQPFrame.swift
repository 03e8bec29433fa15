import NIOCore

/// One AMQP frame: a type octet, a channel, a length, the payload and the frame-end octet (0xCE).
public enum AMQPFrame: Sendable, Hashable {
    /// A method on a channel (channel 0 for the connection's own).
    case method(channel: UInt16, AMQPMethod)
    /// The header of the content a publish, deliver, return or get-ok carries.
    case header(channel: UInt16, AMQPContentHeader)
    /// A piece of the content's body.
    case body(channel: UInt16, [UInt8])
    case heartbeat

    static let frameEnd: UInt8 = 0xCE
    static let methodType: UInt8 = 1
    static let headerType: UInt8 = 2
    static let bodyType: UInt8 = 3
    static let heartbeatType: UInt8 = 8
    /// Type, channel and size before the payload, and the frame-end octet after it.
    public static let overhead = 8

    public var channel: UInt16 {
        switch self {
        case .method(let channel, _), .header(let channel, _), .body(let channel, _): return channel
        case .heartbeat: return 0
        }
    }

    public func encode(into buffer: inout ByteBuffer) {
        let kind: UInt8
        switch self {
        case .method: kind = Self.methodType
        case .header: kind = Self.headerType
        case .body: kind = Self.bodyType
        case .heartbeat: kind = Self.heartbeatType
        }
        buffer.writeInteger(kind)
        buffer.writeInteger(channel)
        let sizeIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        switch self {
        case .method(_, let method):
            let payload = method.payload
            buffer.writeInteger(type(of: payload).classID)
            buffer.writeInteger(type(of: payload).methodID)
            payload.encode(into: &buffer)
        case .header(_, let header): header.encode(into: &buffer)
        case .body(_, let bytes): buffer.writeBytes(bytes)
        case .heartbeat: break
        }
        buffer.setInteger(UInt32(buffer.writerIndex - sizeIndex - 4), at: sizeIndex)
        buffer.writeInteger(Self.frameEnd)
    }

    /// Reads one whole frame, or nil when the buffer does not hold one yet; `maxSize` bounds the payload.
    public static func decode(from buffer: inout ByteBuffer, maxSize: Int) throws(AMQPWireError) -> AMQPFrame? {
        guard buffer.readableBytes >= 7,
            let type: UInt8 = buffer.getInteger(at: buffer.readerIndex),
            let channel: UInt16 = buffer.getInteger(at: buffer.readerIndex + 1),
            let size: UInt32 = buffer.getInteger(at: buffer.readerIndex + 3)
        else { return nil }
        guard size <= maxSize else { throw AMQPWireError("a frame of \(size) bytes is larger than the \(maxSize) agreed") }
        guard buffer.readableBytes >= 7 + Int(size) + 1 else { return nil }
        buffer.moveReaderIndex(forwardBy: 7)
        guard var payload = buffer.readSlice(length: Int(size)), let end: UInt8 = buffer.readInteger() else { throw .truncated }
        guard end == frameEnd else { throw AMQPWireError("a frame does not end with 0xCE") }
        switch type {
        case methodType:
            let method = try AMQPMethod.decode(from: &payload)
            return .method(channel: channel, method)
        case headerType: return .header(channel: channel, try AMQPContentHeader(from: &payload))
        case bodyType: return .body(channel: channel, Array(payload.readableBytesView))
        case heartbeatType: return .heartbeat
        default: throw AMQPWireError("a frame has unknown type \(type)")
        }
    }
}

/// What precedes a content's body frames: its class (basic), its size and its properties.
public struct AMQPContentHeader: Sendable, Hashable {
    public var classID: UInt16
    public var bodySize: UInt64
    public var properties: AMQPBasicProperties

    public init(bodySize: UInt64, properties: AMQPBasicProperties) {
        self.classID = AMQP.Basic.classID
        self.bodySize = bodySize
        self.properties = properties
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(classID)
        buffer.writeInteger(UInt16(0))  // weight
        buffer.writeInteger(bodySize)
        properties.encode(into: &buffer)
    }

    init(from buffer: inout ByteBuffer) throws(AMQPWireError) {
        classID = try buffer.readAMQPInteger()
        let _: UInt16 = try buffer.readAMQPInteger()
        bodySize = try buffer.readAMQPInteger()
        properties = try AMQPBasicProperties(from: &buffer)
    }
}
