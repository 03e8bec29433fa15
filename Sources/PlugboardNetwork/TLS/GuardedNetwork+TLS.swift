import NIOCore
import NIOSSL
import NIOTLS
import PlugboardCore

extension GuardedNetwork {
    /// Secures an open connection with TLS and waits for the handshake: right after connecting, or as the upgrade of
    /// a protocol that starts in plain text (SMTP and FTP's STARTTLS, PostgreSQL's SSLRequest, AMQP). TLS and socket
    /// failures come out mapped to the taxonomy; the connection is closed when the handshake fails.
    public func startTLS(on channel: any Channel, _ tls: TLSOptions, to endpoint: TCPConnectOptions) async throws {
        let serverName = tls.serverName ?? (IPAddress(endpoint.host) == nil ? endpoint.host : nil)
        let failure = TLSFailure(endpoint: endpoint.endpoint, host: serverName ?? endpoint.host)
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: try TLSConfiguration.plugboardClient(tls))
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError.invalidConfiguration("The TLS settings could not be used: \(TLSFailure.reasonCode(String(describing: error))).")
        }
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        let timeout = channel.eventLoop.scheduleTask(in: endpoint.connectTimeout.timeAmount) {
            handshake.fail(TLSHandshakeWatch.TimedOut())
        }
        do {
            try await channel.eventLoop.submit {
                let ssl = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(ssl, position: .first)
                try channel.pipeline.syncOperations.addHandler(TLSHandshakeWatch(handshake), position: .after(ssl))
            }.get()
            try await handshake.futureResult.get()
            timeout.cancel()
        } catch {
            timeout.cancel()
            handshake.fail(error)
            try? await channel.close()
            throw Self.tlsFailure(error, failure: failure, endpoint: endpoint)
        }
    }

    private static func tlsFailure(_ error: any Error, failure: TLSFailure, endpoint: TCPConnectOptions) -> ConnectorError {
        if let mapped = failure.map(error) { return mapped }
        if error is TLSHandshakeWatch.TimedOut {
            return ConnectorError(
                .connectionTimedOut, message: "The TLS handshake with \(endpoint.endpoint) did not finish within \(endpoint.connectTimeout.secondsText).",
                cause: "The port answers but does not speak TLS, or the network stalls.",
                fix: "Check that the port serves TLS (or the protocol's STARTTLS); raise the connect timeout.")
        }
        if error is TLSHandshakeWatch.Closed || error as? ChannelError == .eof {
            return ConnectorError(
                .upstreamError, message: "\(endpoint.endpoint) closed the connection during the TLS handshake.",
                cause: "The service does not speak TLS on this port, or refused the client.")
        }
        return tcpFailure(error, options: endpoint)
    }
}

/// Fulfils a promise when the TLS handshake completes or fails; afterwards it only passes events on.
final class TLSHandshakeWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    struct TimedOut: Error {}
    struct Closed: Error {}

    private var promise: EventLoopPromise<Void>?

    init(_ promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            promise?.succeed()
            promise = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(Closed())
        promise = nil
        context.fireChannelInactive()
    }
}
