import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import PlugboardCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps what AsyncHTTPClient, NIO and NIOSSL throw to the `ConnectorError` a user can act on.
///
/// Messages name the host and the time allowed, never a header, a query or a body, so they stay free of secrets.
struct TransportFailure {
    /// `host:port` being contacted.
    var endpoint: String
    var host: String
    var connectTimeout: Duration
    /// The time the whole request had.
    var allowed: Duration

    init(target: RequestTarget, connectTimeout: Duration, allowed: Duration) {
        self.host = target.host
        self.endpoint = target.host.contains(":") ? "[\(target.host)]:\(target.port)" : "\(target.host):\(target.port)"
        self.connectTimeout = connectTimeout
        self.allowed = allowed
    }

    func map(_ error: any Error) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        if error is CancellationError { return cancelled() }
        if let error = error as? HTTPClientError { return map(error) }
        if error is ResponseAccumulator.ResponseTooBigError {
            return ConnectorError(
                .payloadTooLarge, message: "The response from \(endpoint) is larger than the limit.",
                cause: "The service sent more bytes than the connector's maximum response size.",
                fix: "Ask for less data (paging, filters), or raise the connector's maximum response size.")
        }
        if let error = error as? NIOConnectionError { return map(error) }
        if let error = error as? IOError { return map(errno: error.errnoCode) }
        if let error = error as? ChannelError { return map(error) }
        if let failure = TLSFailure(endpoint: endpoint, host: host).map(error) { return failure }
        return upstream("The request to \(endpoint) failed (\(String(describing: type(of: error)))).")
    }

    private func map(_ error: HTTPClientError) -> ConnectorError {
        switch error {
        case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
            return connectTimedOut()
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            return ConnectorError(
                .connectionTimedOut, message: "\(endpoint) did not answer within \(allowed.secondsText).",
                cause: "The service is slow or stalled, or a firewall drops the traffic.",
                fix: "Verify the service is healthy and reachable; raise the connector's timeout.")
        case .cancelled, .alreadyShutdown:
            return cancelled()
        case .remoteConnectionClosed:
            return upstream("\(endpoint) closed the connection before the response was complete.")
        case .invalidURL, .emptyHost, .emptyScheme:
            return .invalidInput("The request URL is not valid.", field: "url")
        default:
            return upstream("The request to \(endpoint) failed: \(error.shortDescription).")
        }
    }

    private func map(_ error: NIOConnectionError) -> ConnectorError {
        if error.dnsAError != nil || error.dnsAAAAError != nil {
            return HostResolver.notResolving(host)
        }
        for failure in error.connectionErrors {
            if let ioError = failure.error as? IOError { return map(errno: ioError.errnoCode) }
            if case ChannelError.connectTimeout = failure.error { return connectTimedOut() }
        }
        return refused(cause: nil)
    }

    private func map(errno code: CInt) -> ConnectorError {
        switch code {
        case ECONNREFUSED:
            return refused(cause: "Nothing listens on that port, or a firewall rejects the connection.")
        case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
            return refused(cause: "There is no network route to the host.")
        case ETIMEDOUT:
            return connectTimedOut()
        case ECONNRESET, EPIPE:
            return upstream("\(endpoint) reset the connection.")
        default:
            return upstream("The connection to \(endpoint) failed (errno \(code)).")
        }
    }

    private func map(_ error: ChannelError) -> ConnectorError {
        switch error {
        case .connectTimeout: return connectTimedOut()
        case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
            return upstream("\(endpoint) closed the connection before the response was complete.")
        default: return upstream("The connection to \(endpoint) failed.")
        }
    }

    private func connectTimedOut() -> ConnectorError {
        ConnectorError(
            .connectionTimedOut, message: "Connecting to \(endpoint) timed out after \(min(connectTimeout, allowed).secondsText).")
    }

    private func refused(cause: String?) -> ConnectorError {
        ConnectorError(.connectionRefused, message: "\(endpoint) refused the connection.", cause: cause)
    }

    private func cancelled() -> ConnectorError {
        ConnectorError(.cancelled, message: "The request to \(endpoint) was cancelled.")
    }

    private func upstream(_ message: String) -> ConnectorError {
        ConnectorError(.upstreamError, message: message, cause: "The connection failed while the request was under way.")
    }
}
