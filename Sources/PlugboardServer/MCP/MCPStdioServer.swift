import Foundation
import Logging
import MCP
import PlugboardCore
import PlugboardRuntime
import PlugboardStore
import ServiceLifecycle

/// `plugboard mcp`: the same MCP server over standard input and output, for desktop agents that start Plugboard
/// as a subprocess. It reads the store in the data folder directly; since the server process (not this one) makes
/// most changes, it polls the application's bindings and tells the client when its tools change.
public enum MCPStdioServer {
    /// How often the store is read for changes made by other processes.
    public static let pollInterval: Duration = .seconds(1)

    /// The agent for `application`: with a token, that token's role and name (refused when it cannot see the
    /// application); without one, admin named `mcp-stdio` (whoever reads the data folder holds every secret anyway).
    public static func agent(instance: PlugboardInstance, application reference: String, token: String?) async throws -> MCPAgent {
        guard let application = try await instance.store.application(reference) else { throw ConnectorError.notFound("application", reference) }
        guard let token else {
            return MCPAgent(application: application, caller: Caller(tokenID: "local", tokenName: "mcp-stdio"), role: .admin)
        }
        guard let record = try await instance.store.token(hash: APIToken.hash(token)) else { throw APIError.unauthorized }
        let principal = Principal(record)
        guard principal.canSee(application) else { throw ConnectorError.notFound("application", reference) }
        return MCPAgent(application: application, caller: principal.caller, role: principal.role)
    }

    /// Serves `agent` on stdin/stdout until stdin closes (or SIGTERM/SIGINT), then drains executions and writes
    /// the execution log. The log and the pools run as services and stop by graceful shutdown, not cancellation,
    /// so their last writes complete.
    public static func run(instance: PlugboardInstance, agent: MCPAgent) async throws {
        let runtime = instance.runtime
        let cache = AgentToolCache(applicationID: agent.application.id, runtime: runtime, logger: instance.logger)
        let server = await MCPAgentServer.make(
            agent: agent, runtime: runtime, workflows: instance.workflowRunner, cache: cache, logger: instance.logger)
        let session = Session(server: server, cache: cache, applicationID: agent.application.id, store: runtime.store, logger: instance.logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    // Workflow tools run here too; the store's leases keep each run to one process.
                    .init(service: runtime.executionLog), .init(service: runtime.pools), .init(service: instance.workflowRunner),
                    .init(service: session, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: instance.logger))
        try await group.run()
        await runtime.drain()
    }

    /// The MCP session on stdio as a service: it ends when the client closes stdin or shutdown begins.
    struct Session: Service {
        let server: Server
        let cache: AgentToolCache
        let applicationID: String
        let store: any Store
        let logger: Logger

        func run() async throws {
            try await server.start(transport: StdioTransport(logger: logger))
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await watch(applicationID, store: store, server: server, cache: cache) }
                // Awaiting the server's task is not cancellable: stopping the server is what ends the wait.
                let running = server
                await withGracefulShutdownHandler {
                    await running.waitUntilCompleted()
                } onGracefulShutdown: {
                    Task { await running.stop() }
                }
                group.cancelAll()
            }
            await server.stop()
        }
    }

    /// Polls the bindings and their connectors' versions; on a change, forgets the tools and notifies the client.
    static func watch(_ applicationID: String, store: any Store, server: Server, cache: AgentToolCache) async {
        var last = try? await AgentToolTable.fingerprint(applicationID: applicationID, store: store)
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            guard !Task.isCancelled, let current = try? await AgentToolTable.fingerprint(applicationID: applicationID, store: store) else { continue }
            if current != last {
                last = current
                cache.invalidate()
                await MCPAgentServer.notifyListsChanged(server)
            }
        }
    }
}
