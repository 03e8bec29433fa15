import PlugboardRuntime
import ServiceLifecycle

/// On graceful shutdown (after the HTTP server stops taking requests), waits for in-flight executions,
/// closes every session and writes the rest of the execution log.
struct RuntimeDrain: Service {
    let runtime: Runtime

    func run() async throws {
        try? await gracefulShutdown()
        await runtime.drain()
    }
}
