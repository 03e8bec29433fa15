import Logging

/// A log handler that passes every line through a call's redactor before the wrapped handler writes it, so what a
/// driver, or a client library it hands the logger to, logs during a call never carries that call's secrets, those
/// the driver derived and added while the call ran included.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let redactor: CallRedactor

    /// Wraps a handler so it only ever sees lines `redactor` has already masked.
    public init(wrapping wrapped: any LogHandler, redactor: CallRedactor) {
        self.wrapped = wrapped
        self.redactor = redactor
    }

    /// The wrapped handler's metadata provider.
    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    /// Metadata attached to every line; values are redacted as they are set.
    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(redact) }
    }

    /// The wrapped handler's level.
    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    /// One metadata value, redacted as it is set.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map(redact) }
    }

    /// Redacts the message and the line's metadata, then hands the line on.
    public func log(event: LogEvent) {
        var event = event
        let redactor = redactor.redactor
        guard !redactor.isEmpty else { return wrapped.log(event: event) }
        event.message = Logger.Message(stringLiteral: redactor.redact(event.message.description))
        event.metadata = event.metadata?.mapValues { Self.redact($0, with: redactor) }
        wrapped.log(event: event)
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        Self.redact(value, with: redactor.redactor)
    }

    private static func redact(_ value: Logger.Metadata.Value, with redactor: Redactor) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(redactor.redact(text))
        case .stringConvertible(let convertible): return .string(redactor.redact(convertible.description))
        case .array(let values): return .array(values.map { redact($0, with: redactor) })
        case .dictionary(let values): return .dictionary(values.mapValues { redact($0, with: redactor) })
        }
    }
}

extension Logger {
    /// This logger with every line passed through `redactor`, which may learn more secrets later.
    public func redacting(with redactor: CallRedactor) -> Logger {
        let handler = self.handler
        return Logger(label: label) { _ in RedactingLogHandler(wrapping: handler, redactor: redactor) }
    }
}
