import NIOCore

/// A Kafka request at one version, and how its response at that version reads. Requests here use the classic
/// (non-flexible) encodings, so the request header is v1 (with the client id) and the response header v0 (the
/// correlation id alone).
public protocol KafkaRequest: Sendable {
    associatedtype Response: Sendable
    static var apiKey: KafkaAPIKey { get }
    /// The version this request is written at.
    static var version: Int16 { get }
    func writeBody(into buffer: inout ByteBuffer)
    static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response
    /// The response when the broker sends none (a Produce with acks 0); nil when one is awaited.
    var responseWithoutReply: Response? { get }
}

extension KafkaRequest {
    public var responseWithoutReply: Response? { nil }

    /// The whole frame: size, header v1, body.
    func frame(correlationID: Int32, clientID: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(Self.apiKey.rawValue)
        buffer.writeInteger(Self.version)
        buffer.writeInteger(correlationID)
        buffer.writeKafkaString(clientID)
        writeBody(into: &buffer)
        buffer.setInteger(Int32(buffer.writerIndex - 4), at: 0)
        return buffer
    }
}

/// The API keys Plugboard speaks (the protocol guide's "Api Keys").
public enum KafkaAPIKey: Int16, Sendable, CaseIterable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case saslHandshake = 17
    case apiVersions = 18
    case createTopics = 19
    case saslAuthenticate = 36
}

extension ByteBuffer {
    /// An ARRAY: int32 count (-1 for null, read as empty), then each element.
    mutating func readKafkaArray<T>(_ element: (inout ByteBuffer) throws(KafkaWireError) -> T) throws(KafkaWireError) -> [T] {
        let count: Int32 = try readKafkaInteger()
        guard count >= -1, Int(count) <= readableBytes else { throw KafkaWireError("an array claims \(count) elements") }
        var elements: [T] = []
        for _ in 0..<max(count, 0) { elements.append(try element(&self)) }
        return elements
    }

    mutating func writeKafkaArray<T>(_ elements: [T]?, _ element: (T, inout ByteBuffer) -> Void) {
        guard let elements else {
            writeInteger(Int32(-1))
            return
        }
        writeInteger(Int32(elements.count))
        for item in elements { element(item, &self) }
    }

    /// A STRING that may not be null.
    mutating func readKafkaRequiredString() throws(KafkaWireError) -> String {
        guard let string = try readKafkaString() else { throw KafkaWireError("a required string is null") }
        return string
    }
}
