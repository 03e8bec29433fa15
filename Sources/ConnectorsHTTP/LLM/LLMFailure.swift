import Foundation
import PlugboardCore

/// A provider's error answer as the taxonomy names it. Each dialect words its errors differently: OpenAI
/// `{"error": {"message", "type", "code"}}`, Anthropic `{"type": "error", "error": {"type", "message"}}`, Ollama
/// `{"error": "…"}`; the status and those words decide the code.
enum LLMFailure {
    /// The error for an answer with a status of 400 or more.
    static func error(status: Int, headers: [(String, String)], body: [UInt8], provider: LLMProvider, service: String) -> ConnectorError {
        let json = try? JSONParser.parse(body)
        let detail = json?["error"]
        let message = detail?["message"]?.stringValue ?? detail?.stringValue ?? json?["message"]?.stringValue
            ?? String(decoding: body.prefix(300), as: UTF8.self)
        let kind = detail?["type"]?.stringValue ?? detail?["code"]?.stringValue ?? ""
        let said = message.isEmpty ? "" : ": \(message)"
        if status == 529 || kind == "overloaded_error" {
            return ConnectorError(
                .upstreamError, message: "\(service) is overloaded\(said)", cause: "The provider has more requests than it can serve right now.",
                fix: "Retry after a pause.", retryable: true)
        }
        switch status {
        case 401:
            return ConnectorError(
                .authenticationFailed, message: "\(service) refused the API key\(said)",
                fix: "Check the key in the connector's credential, and that it belongs to this provider.")
        case 403:
            return ConnectorError(.permissionDenied, message: "\(service) does not allow this request\(said)")
        case 429:
            return ConnectorError(
                .rateLimited, message: "\(service) is rate limiting this key\(said)", retryable: true, retryAfter: retryAfter(headers))
        case 400..<500:
            if let limit = contextLimit(message, kind: kind) {
                return ConnectorError(
                    .invalidInput, message: "The conversation is longer than the model's context window\(limit.map { " of \($0) tokens" } ?? "")\(said)",
                    cause: "The messages, tools and requested output together exceed what the model reads at once.",
                    fix: "Send fewer or shorter messages, or lower maxTokens.", field: "messages",
                    details: limit.map { ["contextLimit": .integer(Int64($0))] })
            }
            return ConnectorError(.invalidInput, message: "\(service) refused the request (\(status))\(said)")
        default:
            return ConnectorError(.upstreamError, message: "\(service) failed (\(status))\(said)", retryable: status >= 500)
        }
    }

    /// Seconds to wait: `retry-after-ms`, or `retry-after` in seconds.
    static func retryAfter(_ headers: [(String, String)]) -> Double? {
        func header(_ name: String) -> String? { headers.first { $0.0.equalsIgnoringASCIICase(name) }?.1 }
        if let milliseconds = header("retry-after-ms").flatMap(Double.init) { return milliseconds / 1000 }
        return header("retry-after").flatMap(Double.init)
    }

    /// Whether the refusal is about the context length; `.some(limit)` with the limit when the message names it.
    static func contextLimit(_ message: String, kind: String) -> Int?? {
        let lowered = message.lowercased()
        let aboutContext = kind == "context_length_exceeded" || lowered.contains("context length") || lowered.contains("context window")
            || lowered.contains("prompt is too long") || lowered.contains("maximum context")
        guard aboutContext else { return nil }
        // "maximum context length is 8192 tokens" (OpenAI), "210000 tokens > 200000 maximum" (Anthropic).
        for pattern in [#"context length is (\d+)"#, #"> ?(\d+) maximum"#, #"context (?:window|length) of (\d+)"#] {
            if let range = lowered.range(of: pattern, options: .regularExpression) {
                let digits = lowered[range].filter(\.isNumber)
                if let limit = Int(digits) { return .some(limit) }
            }
        }
        return .some(nil)
    }
}
