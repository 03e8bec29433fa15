import Foundation
import Hummingbird
import Logging
import PlugboardCore
import PlugboardRuntime
import ServiceLifecycle

/// Where and how `plugboard serve` runs.
public struct ServerSettings: Sendable {
    /// The address to listen on; loopback only unless changed.
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one, which the startup log line reports.
    public var port = 8080
    /// The data folder: SQLite database and master-key file.
    public var dataDirectory = "./plugboard-data"
    /// A PostgreSQL URL to keep state in instead of SQLite (`--database`); nil reads `PLUGBOARD_DATABASE_URL`.
    public var databaseURL: String?
    /// `PLUGBOARD_*` settings and `LOG_LEVEL`; read from the process environment unless replaced.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Settings with the defaults: 127.0.0.1:8080, `./plugboard-data` and the process environment.
    public init() {}
}

/// Runs the Plugboard server until SIGTERM or SIGINT, then drains in-flight executions.
public enum PlugboardService {
    /// Opens the instance, prints a generated admin token once, and serves until shutdown.
    public static func run(_ settings: ServerSettings) async throws {
        var logger = Logger(label: "plugboard")
        logger.logLevel = settings.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        var environment = settings.environment
        if let url = settings.databaseURL { environment[StoreLocation.environmentVariable] = url }
        let (instance, generated) = try await PlugboardInstance.open(dataDirectory: settings.dataDirectory, environment: environment, logger: logger)
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
            services: instance.services,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                announcer.info("Plugboard listening on http://\(host):\(port)")
            },
            logger: logger)
        do {
            try await application.runService()
        } catch {
            await instance.close()
            throw error
        }
        await instance.close()
        logger.info("Plugboard stopped")
    }
}
