import Foundation
import PlugboardCore

/// How message bytes (Kafka keys, values and header values; AMQP bodies) appear in JSON, in answers and events.
public enum BytesEncoding: String, FieldChoice {
    /// Text when every part is UTF-8, else base64.
    case auto
    case text
    case base64

    /// Whether these parts of one message are given as base64.
    func isBinary(_ parts: [[UInt8]?]) -> Bool {
        self == .base64 || (self == .auto && parts.contains { $0.map { String(validating: $0, as: UTF8.self) == nil } ?? false })
    }

    /// The bytes as text or base64; nil bytes as null.
    static func json(_ bytes: [UInt8]?, binary: Bool) -> JSONValue {
        guard let bytes else { return .null }
        return .string(binary ? Data(bytes).base64EncodedString() : String(decoding: bytes, as: UTF8.self))
    }

    /// A trigger option's value, auto when absent or unknown.
    init(option: JSONValue?) {
        self = option?.stringValue.flatMap(Self.init(rawValue:)) ?? .auto
    }

    /// The options schema entry triggers share.
    static let optionSchema = Schema.string(
        description: "Bytes as text, or as base64 (auto: base64 only for bytes that are not UTF-8).", default: "auto",
        enum: allCases.map(\.rawValue))

    /// With `parseJSON`, a text value (`payload[key]`, `encoding` text) that is JSON replaces the text.
    static func parsingJSON(_ payload: inout JSONObject, key: String) {
        guard payload["encoding"] == "text", let text = payload[key]?.stringValue, let parsed = try? JSONParser.parse(Array(text.utf8)) else { return }
        payload[key] = parsed
    }
}
