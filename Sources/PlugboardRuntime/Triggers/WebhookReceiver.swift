import Crypto
import Foundation
import PlugboardCore
import PlugboardStore

/// Receives a webhook trigger's requests: finds the trigger, checks the request against its secret, and stores the
/// event before anything is answered. A request that fails a check stores nothing.
public struct WebhookReceiver: Sendable {
    let catalog: TriggerCatalog
    /// Rung after an event is stored, so the trigger runner delivers it at once.
    let stored: @Sendable () -> Void

    /// A webhook request as it arrived.
    public struct Request: Sendable {
        public var method: String
        public var headers: [(String, String)]
        public var query: [(String, String)]
        public var body: [UInt8]

        public init(method: String, headers: [(String, String)], query: [(String, String)], body: [UInt8]) {
            self.method = method
            self.headers = headers
            self.query = query
            self.body = body
        }

        func header(_ name: String) -> String? {
            headers.first { $0.0.equalsIgnoringASCIICase(name) }?.1
        }
    }

    /// The webhook trigger with this id and the most body bytes it takes; `not_found` for any other id (another
    /// source's trigger included), `conflict` while it is paused.
    public func trigger(id: String) async throws -> (trigger: TriggerRecord, maxBodyBytes: Int) {
        guard let trigger = try await catalog.runtime.store.trigger(id: id), trigger.source == "webhook" else {
            throw ConnectorError.notFound("webhook", id)
        }
        guard !trigger.paused else {
            throw ConnectorError(.conflict, message: "This webhook's trigger is paused; nothing was stored.", fix: "Resume the trigger, then send again.")
        }
        return (trigger, try WebhookOptions(trigger.options).maxBodyBytes)
    }

    /// Checks the request's secret or signature and stores the event; returns its id and whether its dedup key was
    /// seen before (then nothing new was stored).
    public func receive(_ request: Request, for trigger: TriggerRecord) async throws -> (eventID: String, duplicate: Bool) {
        let options = try WebhookOptions(trigger.options)
        guard let secret = try catalog.secret(of: trigger) else { throw ConnectorError.internal("A webhook trigger has no secret.") }
        guard Self.authenticates(request, secret: secret, signatureHeader: options.signatureHeader) else {
            throw ConnectorError(
                .unauthorized, message: "The webhook request has no valid secret or signature; nothing was stored.",
                cause: "The \(WebhookOptions.secretHeader) header is missing or wrong, and no valid \(options.signatureHeader) signature came with it.",
                fix: "Send the secret shown when the trigger was created in \(WebhookOptions.secretHeader), or sign the body with HMAC-SHA256 as 'sha256=<hex>' in \(options.signatureHeader).")
        }
        let id = Identifier.make("ev")
        let event = TriggerEventRecord(
            id: id, triggerID: trigger.id, applicationID: trigger.applicationID,
            dedupKey: request.header(options.dedupHeader).map { "header:\($0)" } ?? "event:\(id)",
            payload: try Self.payload(of: request, options: options))
        let inserted = try await catalog.runtime.store.insertTriggerEvent(event, cursor: nil)
        if inserted { stored() }
        return (event.id, !inserted)
    }

    /// Whether the request carries the secret itself, or a valid HMAC-SHA256 of its body; both compared in constant time.
    static func authenticates(_ request: Request, secret: String, signatureHeader: String) -> Bool {
        if let given = request.header(WebhookOptions.secretHeader) {
            return constantTimeEqual(Array(SHA256.hash(data: Data(given.utf8))), Array(SHA256.hash(data: Data(secret.utf8))))
        }
        guard var signature = request.header(signatureHeader)?.trimmingCharacters(in: .whitespaces) else { return false }
        if signature.lowercased().hasPrefix("sha256=") { signature.removeFirst(7) }
        guard let code = hexBytes(signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: request.body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Headers the event never carries: the secret, the signature, and credentials a sender may add.
    static func hiddenHeaders(_ options: WebhookOptions) -> [String] {
        [WebhookOptions.secretHeader, options.signatureHeader, "authorization", "cookie", "proxy-authorization"]
    }

    /// The event: `{"method", "headers", "query", "body"}`, the body parsed when it is JSON or a form, text when it
    /// is UTF-8, base64 (with `"bodyEncoding": "base64"`) otherwise. A body that says it is JSON and is not is refused.
    static func payload(of request: Request, options: WebhookOptions) throws -> JSONValue {
        let hidden = hiddenHeaders(options)
        let headers = request.headers.filter { header in !hidden.contains { $0.equalsIgnoringASCIICase(header.0) } }
        var object: JSONObject = [
            "method": .string(request.method),
            "headers": .object(JSONObject(headers.map { ($0.0.lowercased(), .string($0.1)) })),
            "query": .object(JSONObject(request.query.map { ($0.0, .string($0.1)) })),
        ]
        let contentType = request.header("content-type")?.lowercased() ?? ""
        if request.body.isEmpty {
            object["body"] = .null
        } else if contentType.hasPrefix("application/json") || contentType.contains("+json") {
            do {
                object["body"] = try JSONParser.parse(request.body)
            } catch {
                throw ConnectorError.invalidInput("The body says it is JSON but is not: \(error). Nothing was stored.", field: "body")
            }
        } else if contentType.hasPrefix("application/x-www-form-urlencoded"), let text = String(validating: request.body, as: UTF8.self) {
            var components = URLComponents()
            components.percentEncodedQuery = text.replacingOccurrences(of: "+", with: "%20")
            object["body"] = .object(JSONObject((components.queryItems ?? []).map { ($0.name, .string($0.value ?? "")) }))
        } else if let text = String(validating: request.body, as: UTF8.self) {
            object["body"] = .string(text)
        } else {
            object["body"] = .string(Data(request.body).base64EncodedString())
            object["bodyEncoding"] = "base64"
        }
        return .object(object)
    }
}
