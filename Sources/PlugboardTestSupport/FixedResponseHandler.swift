import NIOCore

/// Answers every HTTP/1.1 request on a connection with `200 ok`, reading only up to the end of each head.
///
/// Enough HTTP for TLS tests, without pulling an HTTP server into the handshake under test.
final class FixedResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let response = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok".utf8)
    private static let headEnd = Array("\r\n\r\n".utf8)
    private var pending: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        while let end = headEndIndex() {
            pending.removeFirst(end)
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: Self.response)), promise: nil)
        }
        context.flush()
    }

    private func headEndIndex() -> Int? {
        guard pending.count >= 4 else { return nil }
        for index in 0...(pending.count - 4) where pending[index..<index + 4].elementsEqual(Self.headEnd) {
            return index + 4
        }
        return nil
    }
}
