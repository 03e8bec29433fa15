import Foundation
import Logging
import MCP
import PlugboardCore
import PlugboardRuntime
import PlugboardStore
import ServiceLifecycle
import Synchronization

/// The Streamable HTTP sessions of `/mcp`: one MCP server and transport per session, bound to the token that
/// opened it (another token's requests do not find it), forgotten on DELETE or after an idle hour.
///
/// A request of an open session finds it under a lock and goes straight to its transport; only opening and closing
/// sessions runs on the actor, so the calls of one agent do not queue behind each other here.
actor MCPSessions: Service {
    private struct Session: Sendable {
        let server: Server
        let transport: MCPStreamableHTTPTransport
        let tokenID: String
        let forwarding: Task<Void, Never>
        var lastUsed: ContinuousClock.Instant
    }

    private let runtime: Runtime
    private let workflows: WorkflowRunner
    private let logger: Logger
    private let sessions = Mutex<[String: Session]>([:])
    /// Sessions unused this long are closed when the next session opens.
    let idleLifetime: Duration
    /// The most sessions kept; the least recently used goes first.
    let capacity: Int

    init(runtime: Runtime, workflows: WorkflowRunner, logger: Logger, idleLifetime: Duration = .seconds(3600), capacity: Int = 10_000) {
        self.runtime = runtime
        self.workflows = workflows
        self.logger = logger
        self.idleLifetime = idleLifetime
        self.capacity = capacity
    }

    /// How many sessions are open.
    nonisolated var count: Int { sessions.withLock { $0.count } }

    /// Hands a request to its session's transport; `initialize` without a session opens one for `agent`.
    /// `agent` is resolved lazily: only an `initialize` needs the application.
    nonisolated func handle(
        _ request: MCP.HTTPRequest, tokenID: String, isInitialize: Bool, agent: () async throws -> MCPAgent
    ) async throws -> MCP.HTTPResponse {
        if let id = request.header(HTTPHeaderName.sessionID) {
            let transport = sessions.withLock { sessions -> MCPStreamableHTTPTransport? in
                guard sessions[id]?.tokenID == tokenID else { return nil }
                sessions[id]?.lastUsed = .now
                return sessions[id]?.transport
            }
            guard let transport else {
                return .error(statusCode: 404, .invalidRequest("Not Found: Session not found or expired"))
            }
            let response = await transport.handleRequest(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 { await close(id) }
            return response
        }
        guard request.method.uppercased() == "POST", isInitialize else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: Missing \(HTTPHeaderName.sessionID) header; start with initialize"))
        }
        return try await open(request, tokenID: tokenID, agent: try await agent())
    }

    private func open(_ request: MCP.HTTPRequest, tokenID: String, agent: MCPAgent) async throws -> MCP.HTTPResponse {
        await sweep()
        let id = Identifier.make("mcps")
        let cache = AgentToolCache(applicationID: agent.application.id, runtime: runtime, logger: logger)
        let transport = MCPStreamableHTTPTransport(
            sessionID: id, validation: MCPRequestChecks(),
            direct: MCPAgentServer.directMethods(agent: agent, runtime: runtime, workflows: workflows, cache: cache), logger: logger)
        let server = await MCPAgentServer.make(agent: agent, runtime: runtime, workflows: workflows, cache: cache, logger: logger)
        try await server.start(transport: transport)
        let forwarding = MCPAgentServer.forwardChanges(of: agent, from: runtime.changes, to: server, cache: cache)
        let session = Session(server: server, transport: transport, tokenID: tokenID, forwarding: forwarding, lastUsed: .now)
        sessions.withLock { $0[id] = session }
        let response = await transport.handleRequest(request)
        if case .error = response { await close(id) }
        return response
    }

    /// Ends a session: its streams close and its server stops.
    func close(_ id: String) async {
        guard let session = sessions.withLock({ $0.removeValue(forKey: id) }) else { return }
        session.forwarding.cancel()
        await session.server.stop()
    }

    /// Keeps sessions until graceful shutdown, then ends every one.
    func run() async throws {
        try? await gracefulShutdown()
        await closeAll()
    }

    /// Ends every session, for shutdown.
    func closeAll() async {
        for id in sessions.withLock({ Array($0.keys) }) { await close(id) }
    }

    /// Closes idle sessions, and the least recently used ones past capacity.
    private func sweep() async {
        let now = ContinuousClock.now
        let (idle, overflow) = sessions.withLock { sessions in
            let idle = sessions.filter { now - $0.value.lastUsed > idleLifetime }.keys
            let kept = sessions.filter { !idle.contains($0.key) }.sorted { $0.value.lastUsed < $1.value.lastUsed }
            return (Array(idle), kept.prefix(max(0, kept.count - capacity + 1)).map(\.key))
        }
        for id in idle + overflow { await close(id) }
    }
}
