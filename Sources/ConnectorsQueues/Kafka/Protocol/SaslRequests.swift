import NIOCore

/// SaslHandshake v1: the mechanism the client will use; the broker answers with the ones it enables.
public struct SaslHandshakeRequest: KafkaRequest {
    public struct Response: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var mechanisms: [String]
    }

    public static let apiKey = KafkaAPIKey.saslHandshake
    public static let version: Int16 = 1

    public var mechanism: String

    public init(mechanism: String) { self.mechanism = mechanism }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(mechanism)
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let errorCode = KafkaErrorCode(try buffer.readKafkaInteger())
        let mechanisms = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in try buffer.readKafkaRequiredString() }
        return Response(errorCode: errorCode, mechanisms: mechanisms)
    }
}

/// SaslAuthenticate v1: one step of the mechanism's exchange, wrapped in Kafka's framing.
public struct SaslAuthenticateRequest: KafkaRequest {
    public struct Response: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var bytes: [UInt8]
        public var sessionLifetimeMilliseconds: Int64
    }

    public static let apiKey = KafkaAPIKey.saslAuthenticate
    public static let version: Int16 = 1

    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaBytes(bytes)
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        Response(
            errorCode: KafkaErrorCode(try buffer.readKafkaInteger()), errorMessage: try buffer.readKafkaString(),
            bytes: try buffer.readKafkaBytes() ?? [], sessionLifetimeMilliseconds: try buffer.readKafkaInteger())
    }
}
