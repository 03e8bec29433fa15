import NIOCore

/// ApiVersions v0: which versions of each API the broker speaks; the first request on every connection.
public struct ApiVersionsRequest: KafkaRequest {
    public struct Response: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        /// Each API key the broker knows, with its lowest and highest version.
        public var versions: [Int16: ClosedRange<Int16>]
    }

    public static let apiKey = KafkaAPIKey.apiVersions
    public static let version: Int16 = 0

    public init() {}

    public func writeBody(into buffer: inout ByteBuffer) {}

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let errorCode = KafkaErrorCode(try buffer.readKafkaInteger())
        let entries = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> (Int16, Int16, Int16) in
            (try buffer.readKafkaInteger(), try buffer.readKafkaInteger(), try buffer.readKafkaInteger())
        }
        var versions: [Int16: ClosedRange<Int16>] = [:]
        for (key, lowest, highest) in entries where lowest <= highest { versions[key] = lowest...highest }
        return Response(errorCode: errorCode, versions: versions)
    }
}
