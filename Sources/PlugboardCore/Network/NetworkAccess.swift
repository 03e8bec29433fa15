import Foundation
import NIOCore

/// The guarded dialers the runtime gives drivers. Every outbound connection goes through the egress guard:
/// resolve once, check every address, connect to the checked address, check redirects again.
public protocol NetworkAccess: Sendable {
    /// An HTTP client for one session; the caller shuts it down when the session closes.
    func makeHTTPClient(_ options: HTTPClientOptions) async throws -> any HTTPTransport

    /// A TCP connection to `host:port` through the egress guard, for drivers that speak their own protocol
    /// (databases, SSH, FTP, SMTP, brokers). The caller owns the channel and closes it.
    ///
    /// With `options.tls` the TLS handshake is finished first. Throws `egress_denied`, `connection_refused`,
    /// `connection_timed_out` (after `options.connectTimeout`) or `tls_certificate`.
    func connectTCP(_ options: TCPConnectOptions) async throws -> any Channel

    /// Secures an open connection with TLS and waits for the handshake (STARTTLS, AUTH TLS, PostgreSQL's
    /// SSLRequest); `endpoint` names where it goes, for the certificate check and messages.
    func startTLS(on channel: any Channel, _ tls: TLSOptions, to endpoint: TCPConnectOptions) async throws

    /// For a C library that opens its own sockets (libcurl, for FTP): resolves `host` once and checks every address,
    /// like `connectTCP`, and returns the one to connect to. Hand it to the library so the name is not resolved again,
    /// and check each socket it opens with `denial(connectingTo:)`.
    func checkedAddress(for host: String) async throws -> IPAddress

    /// Why connecting to `address` is refused, or nil when it may be used. Synchronous, for the socket callback of a
    /// library that dials for itself: every connection it opens (an FTP data connection too) is checked there.
    func denial(connectingTo address: IPAddress) -> String?
}

/// One HTTP client bound to a session's options.
public protocol HTTPTransport: Sendable {
    /// Sends a request and reads the whole response, mapping failures to `ConnectorError`.
    func send(_ request: HTTPRequestMessage, deadline: ContinuousClock.Instant) async throws -> HTTPResponseMessage
    /// Sends a request and hands back the response head with a body that arrives in parts, for long-lived
    /// responses such as server-sent events. Redirects are not followed; the body stream ends when the server
    /// closes it, fails with a `ConnectorError`, and stops reading when the consumer's task is cancelled.
    func stream(_ request: HTTPRequestMessage, deadline: ContinuousClock.Instant) async throws -> HTTPStreamingResponse
    /// Closes the client's connections; called once when the session closes.
    func shutdown() async
}

extension HTTPTransport {
    /// A transport that cannot stream reads the whole response and hands it over as one part.
    public func stream(_ request: HTTPRequestMessage, deadline: ContinuousClock.Instant) async throws -> HTTPStreamingResponse {
        let response = try await send(request, deadline: deadline)
        return HTTPStreamingResponse(
            status: response.status, headers: response.headers,
            body: AsyncThrowingStream { continuation in
                continuation.yield(response.body)
                continuation.finish()
            })
    }
}

/// An HTTP response whose body is read part by part as it arrives.
public struct HTTPStreamingResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header names and values in order; a name may repeat.
    public var headers: [(String, String)]
    /// The body's parts in order.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, headers: [(String, String)], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.equalsIgnoringASCIICase(name) }?.1
    }
}

/// How an HTTP client connects: TLS, timeouts, limits.
public struct HTTPClientOptions: Sendable {
    /// Verify the server's certificate chain and name; off only for development.
    public var verifyTLS: Bool
    /// Time allowed to establish a connection.
    public var connectTimeout: Duration
    /// Bytes a response body may have; larger ones fail with `payload_too_large`.
    public var maxResponseBytes: Int
    /// Redirects followed (each target checked by the egress guard again); 0 returns the 3xx.
    public var maxRedirects: Int
    /// Connections kept per host.
    public var maxConnectionsPerHost: Int
    /// A client certificate credential for mutual TLS.
    public var clientCertificate: Credential?
    /// A forward proxy every request goes through; nil connects directly.
    public var proxy: HTTPProxy?

    public init(
        verifyTLS: Bool = true, connectTimeout: Duration = .seconds(10), maxResponseBytes: Int = 16 << 20,
        maxRedirects: Int = 5, maxConnectionsPerHost: Int = 32, clientCertificate: Credential? = nil, proxy: HTTPProxy? = nil
    ) {
        self.verifyTLS = verifyTLS
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxRedirects = maxRedirects
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.clientCertificate = clientCertificate
        self.proxy = proxy
    }
}

/// An HTTP request as drivers build it.
public struct HTTPRequestMessage: Sendable {
    /// The HTTP method, such as `GET` or `POST`.
    public var method: String
    /// An absolute http or https URL.
    public var url: String
    /// Header names and values in order; a name may repeat.
    public var headers: [(String, String)]
    /// The body bytes, nil for none.
    public var body: [UInt8]?
    /// Names of headers that carry a credential (an API key header, say); like `Authorization` and `Cookie`,
    /// the transport drops them when a redirect leaves the request's origin.
    public var credentialHeaders: [String] = []

    /// A request with no credential headers; set `credentialHeaders` when a header carries a secret.
    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A complete HTTP response.
public struct HTTPResponseMessage: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header names and values in order; a name may repeat.
    public var headers: [(String, String)]
    /// The whole body, at most `HTTPClientOptions.maxResponseBytes`.
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.equalsIgnoringASCIICase(name) }?.1
    }
}
