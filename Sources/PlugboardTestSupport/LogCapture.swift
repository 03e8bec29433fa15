import Logging
import Synchronization

/// Collects every log line written through its loggers, to check what reaches the logs (no secrets, the right lines).
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// Every line so far, one per line: level, message, then metadata.
    public var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// The lines so far.
    public var entries: [String] { lines.withLock { $0 } }

    /// A handler for `Logger(label:factory:)` that writes into this capture.
    public func handler(label: String) -> some LogHandler {
        CapturingLogHandler(capture: self)
    }

    /// A logger at trace level that writes into this capture.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { self.handler(label: $0) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}

private struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append("\(event.level) \(event.message) \(merged)")
    }
}
