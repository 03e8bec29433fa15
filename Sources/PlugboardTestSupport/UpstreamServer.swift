import Hummingbird
import Logging
import Synchronization

/// A Hummingbird app on 127.0.0.1 with an OS-chosen port that plays a generic HTTP API for tests.
///
/// It records every request and serves `/echo`, `/status/{code}`, `/json`, `/text`, `/bytes/{n}`, `/redirect/{n}`,
/// `/redirect-to?url=&status=`, `/flaky/{key}` (503 twice per key, then 200), `/slow`, `/auth/bearer/{token}` and `/response-headers?name=value`,
/// plus any routes the test adds. Start it with `start()` and stop it with `stop()`, or use `withUpstreamServer`.
public final class UpstreamServer: Sendable {
    /// Adds custom routes; the recorder is there for routes that count calls.
    public typealias Routes = @Sendable (Router<BasicRequestContext>, UpstreamRecorder) -> Void

    /// What the server received and counted.
    public let recorder = UpstreamRecorder()
    private let extraRoutes: Routes
    private let state = Mutex(State())

    private struct State {
        var port: Int?
        var task: Task<Void, Never>?
    }

    /// A server not yet listening, with the standard routes plus `routes`; call `start()`.
    public init(routes: @escaping Routes = { _, _ in }) {
        self.extraRoutes = routes
    }

    /// The port it listens on; traps before `start()`.
    public var port: Int {
        guard let port = state.withLock({ $0.port }) else { preconditionFailure("UpstreamServer.start() was not called") }
        return port
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { recorder.requests }

    /// The most recent request.
    public var lastRequest: RecordedRequest? { recorder.requests.last }

    /// Requests received on one path.
    public func requests(to path: String) -> [RecordedRequest] {
        recorder.requests.filter { $0.path == path }
    }

    /// Starts listening and returns once the port is known.
    public func start() async throws {
        let router = Router()
        router.add(middleware: RecordingMiddleware(recorder: recorder))
        Self.addStandardRoutes(to: router, recorder: recorder)
        extraRoutes(router, recorder)
        var logger = Logger(label: "plugboard.test.upstream")
        // Stopping cancels the server, which Hummingbird reports at error level; that is expected here.
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try? await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            await task.value
            throw TestServerError("the upstream test server did not start")
        }
        state.withLock {
            $0.port = port
            $0.task = task
        }
    }

    /// Stops listening and closes its connections.
    public func stop() async {
        let task = state.withLock { state in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        await task?.value
    }
}
