import NIOCore
import NIOPosix
import PlugboardCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension GuardedNetwork {
    /// Opens a TCP connection through the egress guard: the host is resolved once, every address is checked,
    /// and the connection goes to the checked address, so the name cannot be re-pointed in between. With
    /// `options.tls`, the TLS handshake is finished before the channel is returned.
    public func connectTCP(_ options: TCPConnectOptions) async throws -> any Channel {
        let channel = try await connectPlainTCP(options)
        if let tls = options.tls { try await startTLS(on: channel, tls, to: options) }
        return channel
    }

    private func connectPlainTCP(_ options: TCPConnectOptions) async throws -> any Channel {
        let address = try await egress.checkedAddress(for: options.host)
        let socketAddress: SocketAddress
        do {
            socketAddress = try SocketAddress(ipAddress: address.description, port: options.port)
        } catch {
            throw ConnectorError.invalidConfiguration("The port \(options.port) is not a valid TCP port.", field: "port")
        }
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(options.connectTimeout.timeAmount)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [handlers = options.handlers] channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandlers(handlers()) }
            }
        do {
            return try await bootstrap.connect(to: socketAddress).get()
        } catch {
            throw Self.tcpFailure(error, options: options)
        }
    }

    /// What a failed TCP connect means to a user; names the endpoint and the time allowed, nothing else.
    static func tcpFailure(_ error: any Error, options: TCPConnectOptions) -> ConnectorError {
        let endpoint = options.endpoint
        let timedOut = ConnectorError(
            .connectionTimedOut, message: "Connecting to \(endpoint) timed out after \(options.connectTimeout.secondsText).")
        let refused = ConnectorError(
            .connectionRefused, message: "\(endpoint) refused the connection.",
            cause: "Nothing listens on that port, or a firewall rejects the connection.")
        if let error = error as? ConnectorError { return error }
        if error is CancellationError { return ConnectorError(.cancelled, message: "Connecting to \(endpoint) was cancelled.") }
        if case ChannelError.connectTimeout = error { return timedOut }
        if let error = error as? NIOConnectionError {
            for failure in error.connectionErrors {
                if case ChannelError.connectTimeout = failure.error { return timedOut }
                if let io = failure.error as? IOError { return tcpFailure(io, options: options) }
            }
            return refused
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return refused
            case ETIMEDOUT: return timedOut
            case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return ConnectorError(.connectionRefused, message: "\(endpoint) cannot be reached.", cause: "There is no network route to the host.")
            case ECONNRESET, EPIPE:
                // As the HTTP transport maps them: the peer answered, then dropped the connection.
                return ConnectorError(.upstreamError, message: "\(endpoint) reset the connection.")
            default:
                return ConnectorError(.connectionRefused, message: "Connecting to \(endpoint) failed (errno \(error.errnoCode)).")
            }
        }
        return ConnectorError(.connectionRefused, message: "Connecting to \(endpoint) failed (\(String(describing: type(of: error)))).")
    }
}
