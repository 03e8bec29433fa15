import ConnectorsHTTP
import Logging
import NIOPosix
import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport

/// Runs the real `rest` driver, erased as the runtime holds it, over a network that allows loopback.
struct RESTFixture {
    static let driver = AnyConnectorDriver(RESTDriver())
    /// On event loops of their own: the suite's timeouts (a refused connection must not read as a connect timeout) then
    /// do not depend on how long other suites' work holds the shared loops (PostgreSQL logins hash on them).
    static let network = GuardedNetwork(
        policy: EgressPolicy(allowed: EgressPolicy.loopback), eventLoopGroup: MultiThreadedEventLoopGroup(numberOfThreads: 2))

    var options: JSONObject
    var credential: Credential?
    var timeout: Duration = .seconds(10)

    init(baseURL: String, options: JSONObject = [:], credential: Credential? = nil) {
        var all = options
        all["baseUrl"] = .string(baseURL)
        if all["retryDelay"] == nil { all["retryDelay"] = 0.01 }
        self.options = all
        self.credential = credential
    }

    /// A call's context as the runtime makes it: the credential's secrets already in the call's redactor.
    func context() -> CallContext {
        CallContext(
            network: Self.network, deadline: .now + timeout, logger: Logger(label: "test.rest"), credential: credential,
            redactor: CallRedactor(secrets: credential?.secretValues ?? []))
    }

    func sessionContext() -> SessionContext {
        SessionContext(network: Self.network, deadline: .now + timeout, logger: Logger(label: "test.rest"), credential: credential)
    }

    /// Opens a session, runs `body`, and closes the session.
    func withSession<Result>(_ body: (AnyConnectorSession) async throws -> Result) async throws -> Result {
        let configured = try Self.driver.configure(options)
        let session = try await configured.openSession(context: sessionContext())
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    /// Runs the `request` action once in a fresh session; the output leaves through the call's redactor, as the
    /// runtime lets it out.
    func request(_ input: JSONValue) async throws -> JSONValue {
        let context = context()
        return try await withSession { session in
            context.redactor.redact(try await session.run(action: "request", input: input, context: context))
        }
    }

    /// Runs the connection test in a fresh session.
    func test() async throws -> JSONValue {
        try await withSession { session in try await session.test(context: context()) }
    }
}
