import Foundation

/// Replaces known secret values wherever they appear in text or JSON that is about to leave the process.
public struct Redactor: Sendable {
    /// What replaces each secret value.
    public static let mask = "[redacted]"
    /// Secrets shorter than this are too likely to match ordinary text and are not searched for.
    public static let minimumLength = 4
    private let secrets: [String]

    /// A redactor for these values; duplicates and ones shorter than `minimumLength` are dropped.
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= Self.minimumLength })).sorted { $0.count > $1.count }
    }

    /// This redactor with `more` secrets to mask as well.
    public func adding(_ more: [String]) -> Redactor {
        Redactor(secrets: secrets + more)
    }

    /// Whether there is nothing to redact, so callers can skip the work.
    public var isEmpty: Bool { secrets.isEmpty }

    /// The text with every secret value replaced by `mask`, longest secrets first.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mask)
        }
        return text
    }

    /// The value with secrets masked in every string and object key, at any depth.
    public func redact(_ value: JSONValue) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let string): return .string(redact(string))
        case .array(let elements): return .array(elements.map(redact))
        case .object(let object): return .object(JSONObject(object.map { (redact($0.key), redact($0.value)) }))
        default: return value
        }
    }

    /// The error with secrets masked in its message, cause, fix and details.
    public func redact(_ error: ConnectorError) -> ConnectorError {
        guard !secrets.isEmpty else { return error }
        var error = error
        error.message = redact(error.message)
        error.cause = redact(error.cause)
        error.fix = redact(error.fix)
        error.details = error.details.map(redact)
        return error
    }
}
