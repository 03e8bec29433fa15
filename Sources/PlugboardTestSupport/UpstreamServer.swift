import Hummingbird
import Logging
import Synchronization

/// A Hummingbird app on 127.0.0.1 (or another loopback address) with an OS-chosen port that plays a generic HTTP API for tests.
///
/// It records every request and serves `/echo`, `/status/{code}`, `/json`, `/text`, `/bytes/{n}`, `/redirect/{n}`,
/// `/redirect-to?url=&status=`, `/flaky/{key}` (503 twice per key, then 200), `/slow`, `/auth/bearer/{token}`, `/response-headers?name=value`
/// `/events?count=&interval=` (server-sent events written part by part), `/pages/{link,cursor,number}` (paged lists),
/// `/standard-oauth/token` and `/auth/oauth` (an OAuth2 token endpoint and a route that wants its token),
/// plus any routes the test adds. Start it with `start()` and stop it with `stop()`, or use `withUpstreamServer`.
public final class UpstreamServer: Sendable {
    /// Adds custom routes; the recorder is there for routes that count calls.
    public typealias Routes = @Sendable (Router<BasicRequestContext>, UpstreamRecorder) -> Void

    /// What the server received and counted.
    public let recorder = UpstreamRecorder()
    /// The gate and counter of the `/events` routes.
    public let streamProbe = StreamProbe()
    private let extraRoutes: Routes
    /// The address it listens on.
    public let host: String
    private let state = Mutex(State())

    private struct State {
        var port: Int?
        var task: Task<Void, Never>?
    }

    /// A server not yet listening, with the standard routes plus `routes`; call `start()`.
    ///
    /// `host` may be another loopback address, such as 127.0.0.2, for tests that need two distinct addresses.
    public init(host: String = "127.0.0.1", routes: @escaping Routes = { _, _ in }) {
        self.host = host
        self.extraRoutes = routes
    }

    /// The port it listens on; traps before `start()`.
    public var port: Int {
        guard let port = state.withLock({ $0.port }) else { preconditionFailure("UpstreamServer.start() was not called") }
        return port
    }

    /// `http://<host>:<port>`, no trailing slash.
    public var baseURL: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }

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
        Self.addEventRoutes(to: router, probe: streamProbe)
        Self.addPagingRoutes(to: router)
        Self.addOAuthRoutes(to: router)
        extraRoutes(router, recorder)
        var logger = Logger(label: "plugboard.test.upstream")
        // Stopping cancels the server, which Hummingbird reports at error level; that is expected here.
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: 0)),
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
