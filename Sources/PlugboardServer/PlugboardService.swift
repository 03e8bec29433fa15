import Foundation
import Hummingbird
import Logging
import PlugboardCore
import PlugboardRuntime
import ServiceLifecycle

/// Where and how `plugboard serve` runs.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The data folder: SQLite database and master-key file.
    public var dataDirectory = "./plugboard-data"
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public init() {}
}

/// Runs the Plugboard server until SIGTERM or SIGINT, then drains in-flight executions.
public enum PlugboardService {
    public static func run(_ settings: ServerSettings) async throws {
        var logger = Logger(label: "plugboard")
        logger.logLevel = settings.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let (instance, generated) = try await PlugboardInstance.open(
            dataDirectory: settings.dataDirectory, environment: settings.environment, logger: logger)
        if let generated {
            // Written unbuffered: it must reach a log file even if the process is killed soon after.
            let notice = "Admin token (shown once): \(generated)\nKeep it safe; make more with 'plugboard tokens create'.\n"
            FileHandle.standardOutput.write(Data(notice.utf8))
        }
        let host = settings.host
        let announcer = logger
        let application = Application(
            router: instance.makeRouter(),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: "Plugboard"),
            services: [instance.runtime.executionLog, instance.runtime.pools, RuntimeDrain(runtime: instance.runtime)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                announcer.info("Plugboard listening on http://\(host):\(port)")
            },
            logger: logger)
        try await application.runService()
        logger.info("Plugboard stopped")
    }
}

/// On graceful shutdown (after the HTTP server stops taking requests), waits for in-flight executions,
/// closes every session and writes the rest of the execution log.
struct RuntimeDrain: Service {
    let runtime: Runtime

    func run() async throws {
        await gracefulShutdownSignal()
        await runtime.drain()
    }
}

/// Suspends until graceful shutdown begins.
private func gracefulShutdownSignal() async {
    try? await cancelWhenGracefulShutdown {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
