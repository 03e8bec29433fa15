import Synchronization

/// The secrets one call must never let out: the credential's, and those a driver derives from it while the call runs
/// (a percent-encoded API key, a Basic blob, a refreshed token).
///
/// The runtime makes one per call and redacts the call's output, its error and every line the call logs with it, so
/// redaction happens in one place; drivers only `add` what they derive.
public final class CallRedactor: Sendable {
    private let current: Mutex<Redactor>

    /// A redactor that starts with `secrets`.
    public init(secrets: [String] = []) {
        current = Mutex(Redactor(secrets: secrets))
    }

    /// Adds secrets derived during the call; everything redacted from now on masks them too.
    public func add(_ secrets: [String]) {
        let secrets = secrets.filter { $0.count >= Redactor.minimumLength }
        guard !secrets.isEmpty else { return }
        current.withLock { $0 = $0.adding(secrets) }
    }

    /// The secrets known so far, as a value to redact with.
    public var redactor: Redactor { current.withLock { $0 } }

    /// The text with every secret known so far masked.
    public func redact(_ text: String) -> String { redactor.redact(text) }
    /// The value with every secret known so far masked, at any depth.
    public func redact(_ value: JSONValue) -> JSONValue { redactor.redact(value) }
    /// The error with every secret known so far masked in its message, cause, fix and details.
    public func redact(_ error: ConnectorError) -> ConnectorError { redactor.redact(error) }
}
