#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces known secret values wherever they appear in text or JSON that is about to leave the process.
///
/// Every output of a call with a credential passes through here, so the common case (no secret anywhere) is a byte
/// scan that allocates nothing and hands the value back as it was; only a value that holds a secret is rebuilt.
public struct Redactor: Sendable {
    /// What replaces each secret value.
    public static let mask = "[redacted]"
    /// Secrets shorter than this are too likely to match ordinary text and are not searched for.
    public static let minimumLength = 4
    private let secrets: [String]
    /// The secrets' UTF-8 bytes, longest first.
    private let patterns: [[UInt8]]

    /// A redactor for these values; duplicates and ones shorter than `minimumLength` are dropped.
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= Self.minimumLength })).sorted { $0.utf8.count > $1.utf8.count }
        self.patterns = self.secrets.map { Array($0.utf8) }
    }

    /// This redactor with `more` secrets to mask as well.
    public func adding(_ more: [String]) -> Redactor {
        Redactor(secrets: secrets + more)
    }

    /// Whether there is nothing to redact, so callers can skip the work.
    public var isEmpty: Bool { secrets.isEmpty }

    /// The text with every secret value replaced by `mask`, the longest secret winning where several start at once.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty, mentionsSecret(text) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        scan: while position < bytes.count {
            for pattern in patterns where Self.matches(pattern, in: bytes, at: position) {
                output += Self.mask.utf8
                position += pattern.count
                continue scan
            }
            output.append(bytes[position])
            position += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The value with secrets masked in every string and object key, at any depth; a value that holds no secret
    /// comes back as it was, without being copied.
    public func redact(_ value: JSONValue) -> JSONValue {
        guard !secrets.isEmpty, mentionsSecret(value) else { return value }
        switch value {
        case .string(let string): return .string(redact(string))
        case .array(let elements): return .array(elements.map(redact))
        case .object(let object): return .object(JSONObject(object.map { (redact($0.key), redact($0.value)) }))
        default: return value
        }
    }

    private func mentionsSecret(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let string): return mentionsSecret(string)
        case .array(let elements): return elements.contains { mentionsSecret($0) }
        case .object(let object): return object.contains { mentionsSecret($0.key) || mentionsSecret($0.value) }
        default: return false
        }
    }

    private func mentionsSecret(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable(containsSecret) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(containsSecret)
    }

    private func containsSecret(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        patterns.contains { pattern in pattern.withUnsafeBufferPointer { Self.occurs($0, in: bytes) } }
    }

    /// Whether `pattern` occurs in `bytes`: `memchr` finds each candidate first byte, `memcmp` checks the rest.
    private static func occurs(_ pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, let needle = pattern.baseAddress, pattern.count <= bytes.count else { return false }
        let lastStart = bytes.count - pattern.count
        var position = 0
        while position <= lastStart {
            guard let hit = memchr(base + position, Int32(needle.pointee), lastStart - position + 1) else { return false }
            let start = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + start, needle, pattern.count) == 0 { return true }
            position = start + 1
        }
        return false
    }

    private static func matches(_ pattern: [UInt8], in bytes: [UInt8], at position: Int) -> Bool {
        guard position + pattern.count <= bytes.count, bytes[position] == pattern[0] else { return false }
        return bytes[position..<(position + pattern.count)].elementsEqual(pattern)
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
