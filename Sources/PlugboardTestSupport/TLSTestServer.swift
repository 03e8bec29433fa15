import NIOCore
import NIOSSL
import Synchronization

/// A loopback HTTPS server with a self-signed certificate made at test time, answering every request `200 ok`.
///
/// With `requireClientCertificate` it also demands the client certificate from `certificates` (mutual TLS).
public final class TLSTestServer: Sendable {
    /// The identities in use; the client ones are for mutual TLS tests.
    public let certificates: TestCertificates
    /// Whether the handshake demands `certificates.clientCertificatePEM`.
    public let requireClientCertificate: Bool
    private let listener = Mutex<LoopbackListener?>(nil)

    /// Generates fresh certificates with `openssl`.
    public init(requireClientCertificate: Bool = false) async throws {
        self.certificates = try await TestCertificates.generate()
        self.requireClientCertificate = requireClientCertificate
    }

    /// The port it listens on; traps before `start()`.
    public var port: Int {
        guard let port = listener.withLock({ $0?.port }) else { preconditionFailure("TLSTestServer.start() was not called") }
        return port
    }

    /// `https://127.0.0.1:<port>`.
    public var baseURL: String { "https://127.0.0.1:\(port)" }
    /// `https://localhost:<port>`, the name the certificate is issued for.
    public var localhostURL: String { "https://localhost:\(port)" }

    /// Starts listening on 127.0.0.1 with a port the OS chooses.
    public func start() async throws {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)))
        if requireClientCertificate {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificates.clientCertificatePEM.utf8)))
        }
        let context = try NIOSSLContext(configuration: configuration)
        let started = try await LoopbackListener.bind { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            try channel.pipeline.syncOperations.addHandler(FixedResponseHandler())
        }
        listener.withLock { $0 = started }
    }

    /// Stops listening and closes every connection.
    public func stop() async {
        let started = listener.withLock { listener in
            defer { listener = nil }
            return listener
        }
        await started?.close()
    }
}
