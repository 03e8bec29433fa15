import NIOCore

/// AMQP 0-9-1 as RabbitMQ speaks it: the classes and methods (generated from the specification into `Generated/`),
/// frames, field tables and content properties, as plain values read and written without I/O.
public enum AMQP {
    /// The protocol header a client opens with: `AMQP` 0 0 9 1.
    public static let protocolHeader: [UInt8] = [0x41, 0x4D, 0x51, 0x50, 0, 0, 9, 1]
}

/// One method's arguments, with the ids it travels under.
public protocol AMQPMethodPayload: Sendable, Hashable {
    static var classID: UInt16 { get }
    static var methodID: UInt16 { get }
    /// `class.method`, as the specification names it.
    static var name: String { get }
    /// Whether a content header and body frames follow the method (basic.publish, deliver, return, get-ok).
    static var expectsContent: Bool { get }
    func encode(into buffer: inout ByteBuffer)
    init(from buffer: inout ByteBuffer) throws(AMQPWireError)
}

/// Bytes that are not valid AMQP.
public struct AMQPWireError: Error, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    static let truncated = AMQPWireError("a frame ends in the middle of a value")
}
