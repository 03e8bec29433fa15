import AsyncHTTPClient

extension ResponseAccumulator {
    /// The largest body a `ByteBuffer` can hold, which bounds the accumulator's limit.
    static var maximumBodySize: Int { Int(exactly: UInt32.max) ?? Int(Int32.max) }
}
