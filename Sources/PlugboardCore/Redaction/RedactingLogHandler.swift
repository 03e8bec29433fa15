import Logging

/// A log handler that passes every line through a `Redactor` before the wrapped handler writes it, so what a
/// driver, or a client library it hands the logger to, logs during a call never carries that call's secrets.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let redactor: Redactor

    /// Wraps a handler so it only ever sees lines `redactor` has already masked.
    public init(wrapping wrapped: any LogHandler, redactor: Redactor) {
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
        event.message = Logger.Message(stringLiteral: redactor.redact(event.message.description))
        event.metadata = event.metadata?.mapValues(redact)
        wrapped.log(event: event)
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(redactor.redact(text))
        case .stringConvertible(let convertible): return .string(redactor.redact(convertible.description))
        case .array(let values): return .array(values.map(redact))
        case .dictionary(let values): return .dictionary(values.mapValues(redact))
        }
    }
}

extension Logger {
    /// This logger with every line redacted for `secrets`; the logger itself when there is nothing to redact.
    public func redacting(_ secrets: [String]) -> Logger {
        let redactor = Redactor(secrets: secrets)
        guard !redactor.isEmpty else { return self }
        let handler = self.handler
        return Logger(label: label) { _ in RedactingLogHandler(wrapping: handler, redactor: redactor) }
    }
}
