import NIOCore
import Synchronization

/// A loopback TCP listener that accepts connections and never writes a byte: the server that hangs.
///
/// Requests to it end only by the client's deadline, which is how timeouts are tested.
public final class SilentServer: Sendable {
    private let listener = Mutex<LoopbackListener?>(nil)

    /// A server not yet listening; call `start()`.
    public init() {}

    /// The port it listens on; traps before `start()`.
    public var port: Int {
        guard let port = listener.withLock({ $0?.port }) else { preconditionFailure("SilentServer.start() was not called") }
        return port
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening on 127.0.0.1 with a port the OS chooses.
    public func start() async throws {
        let started = try await LoopbackListener.bind { _ in }
        listener.withLock { $0 = started }
    }

    /// Stops listening and drops every connection it held open.
    public func stop() async {
        let started = listener.withLock { listener in
            defer { listener = nil }
            return listener
        }
        await started?.close()
    }
}
