import Foundation
import PlugboardCore

/// A response body as an action returns it: parsed JSON for JSON types, text for textual types, base64 otherwise.
public struct HTTPResponseBody: Sendable {
    /// How `value` holds the body.
    public enum Encoding: String, Sendable {
        case json, text, base64
    }

    /// The parsed JSON, the text, or the base64 string.
    public var value: JSONValue
    /// Which of the three `value` is.
    public var encoding: Encoding

    /// Decodes `bytes` by their `Content-Type`; a JSON type that does not parse, or text that is not UTF-8, falls back.
    public init(bytes: [UInt8], contentType: String?) {
        let mediaType = Self.mediaType(contentType)
        if Self.isJSON(mediaType), !bytes.isEmpty, let parsed = try? JSONParser.parse(bytes) {
            self.init(value: parsed, encoding: .json)
        } else if mediaType == nil || Self.isJSON(mediaType) || Self.isText(mediaType), let text = String(validating: bytes, as: UTF8.self) {
            self.init(value: .string(text), encoding: .text)
        } else {
            self.init(value: .string(Data(bytes).base64EncodedString()), encoding: .base64)
        }
    }

    /// A body already decoded.
    public init(value: JSONValue, encoding: Encoding) {
        self.value = value
        self.encoding = encoding
    }

    /// The type and subtype, lowercased, without parameters.
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        var type = contentType.prefix { $0 != ";" }
        while type.first == " " || type.first == "\t" { type = type.dropFirst() }
        while type.last == " " || type.last == "\t" { type = type.dropLast() }
        return type.isEmpty ? nil : type.lowercased()
    }

    static func isJSON(_ type: String?) -> Bool {
        guard let type else { return false }
        return type == "application/json" || type.hasSuffix("+json") || type == "text/json"
    }

    static func isText(_ type: String?) -> Bool {
        guard let type else { return false }
        if type.hasPrefix("text/") || type.hasSuffix("+xml") { return true }
        return [
            "application/xml", "application/javascript", "application/ecmascript", "application/x-www-form-urlencoded",
            "application/yaml", "application/x-yaml", "application/graphql", "application/csv", "application/sql",
            "image/svg+xml",
        ].contains(type)
    }
}
