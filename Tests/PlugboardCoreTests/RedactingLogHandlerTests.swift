import Logging
import PlugboardCore
import Synchronization
import Testing

/// Keeps what reaches it, to check what a redacting logger lets through.
private final class LineSink: Sendable {
    let lines = Mutex<[String]>([])
}

private struct SinkHandler: LogHandler {
    let sink: LineSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        sink.lines.withLock { $0.append("\(event.message) \(merged)") }
    }
}

@Suite struct RedactingLogHandlerTests {
    @Test func secretsNeverReachTheWrappedHandler() {
        let sink = LineSink()
        let base = Logger(label: "test") { _ in SinkHandler(sink: sink) }
        var logger = base.redacting(["hunter2-password", "tok_ABCDEF"])
        logger[metadataKey: "dsn"] = "postgres://app:hunter2-password@db/app"
        logger.debug("connecting with tok_ABCDEF", metadata: ["nested": ["key": "tok_ABCDEF"], "list": ["hunter2-password"]])
        let text = sink.lines.withLock { $0.joined(separator: "\n") }
        #expect(text.contains("connecting with [redacted]"))
        #expect(text.contains("postgres://app:[redacted]@db/app"))
        #expect(!text.contains("hunter2-password") && !text.contains("tok_ABCDEF"), "\(text)")
    }

    @Test func withoutSecretsTheLoggerIsUnchanged() {
        let sink = LineSink()
        let base = Logger(label: "test") { _ in SinkHandler(sink: sink) }
        let logger = base.redacting([])
        logger.info("plain")
        #expect(sink.lines.withLock { $0 } == ["plain [:]"])
    }
}
