import Foundation
import PlugboardCore
import PlugboardStore

/// Receives the requests that arrive at `/hooks/{trigger}`: finds the trigger, has the request checked, and stores
/// the events before anything is answered. A `webhook` trigger checks its secret or an HMAC of the body itself; a
/// node source that receives webhooks (Telegram's `secret_token`, Meta's signature) has its driver check and read
/// the request. A request that fails a check stores nothing.
public struct WebhookReceiver: Sendable {
    let catalog: TriggerCatalog
    /// Rung after an event is stored, so the trigger runner delivers it at once.
    let stored: @Sendable () -> Void
    /// The most body bytes a node source's request may have.
    static let nodeSourceBodyLimit = 1 << 20

    /// What a request came to.
    public enum Answer: Sendable {
        /// A `webhook` trigger's event: its id, and whether its dedup key was seen before (then nothing new was stored).
        case event(id: String, duplicate: Bool)
        /// A node source's events: how many were new, and how many had been stored before.
        case events(stored: Int, duplicates: Int)
        /// The answer the service expects instead (a verification handshake).
        case reply(WebhookOutcome.Reply)
    }

    /// The trigger with this id that receives webhooks, and the most body bytes it takes; `not_found` for any other
    /// id (a trigger whose source fetches included), `conflict` while it is paused.
    public func trigger(id: String) async throws -> (trigger: TriggerRecord, maxBodyBytes: Int) {
        guard let trigger = try await catalog.runtime.store.trigger(id: id), try await receivesWebhooks(trigger) else {
            throw ConnectorError.notFound("webhook", id)
        }
        guard !trigger.paused else {
            throw ConnectorError(.conflict, message: "This webhook's trigger is paused; nothing was stored.", fix: "Resume the trigger, then send again.")
        }
        let limit = trigger.source == "webhook" ? try WebhookOptions(trigger.options).maxBodyBytes : Self.nodeSourceBodyLimit
        return (trigger, limit)
    }

    private func receivesWebhooks(_ trigger: TriggerRecord) async throws -> Bool {
        if trigger.source == "webhook" { return true }
        guard let connectorID = trigger.connectorID,
            let connector = try await catalog.runtime.store.connector(applicationID: trigger.applicationID, connectorID),
            let driver = try? catalog.runtime.registry.driver(for: connector.type)
        else { return false }
        return driver.descriptor.triggerSource(named: trigger.source)?.receivesWebhooks == true
    }

    /// Checks the request and stores its events.
    public func receive(_ request: WebhookRequest, for trigger: TriggerRecord) async throws -> Answer {
        guard var secrets = try catalog.secrets(of: trigger), let secret = secrets.removeValue(forKey: "secret") else {
            throw ConnectorError.internal("A webhook trigger has no secret.")
        }
        guard trigger.source != "webhook" else { return try await receivePlain(request, for: trigger, secret: secret) }
        let context = WebhookContext(url: nil, secret: secret, secretOptions: secrets, options: trigger.options)
        let outcome = try await catalog.runtime.receiveWebhook(of: trigger, request: request, context: context)
        var inserted = 0
        for event in outcome.events {
            let record = TriggerEventRecord(
                id: Identifier.make("ev"), triggerID: trigger.id, applicationID: trigger.applicationID, dedupKey: event.dedupKey,
                payload: event.payload)
            if try await catalog.runtime.store.insertTriggerEvent(record, cursor: nil) { inserted += 1 }
        }
        if inserted > 0 { stored() }
        if let reply = outcome.reply { return .reply(reply) }
        return .events(stored: inserted, duplicates: outcome.events.count - inserted)
    }

    /// A `webhook` trigger: the secret itself or an HMAC-SHA256 of the body, then the request as the event.
    private func receivePlain(_ request: WebhookRequest, for trigger: TriggerRecord, secret: String) async throws -> Answer {
        let options = try WebhookOptions(trigger.options)
        guard request.method == "POST" else {
            throw ConnectorError.invalidInput("A webhook trigger receives POST requests; nothing was stored.")
        }
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
        return .event(id: event.id, duplicate: !inserted)
    }

    /// Whether the request carries the secret itself, or a valid HMAC-SHA256 of its body; both compared in constant time.
    static func authenticates(_ request: WebhookRequest, secret: String, signatureHeader: String) -> Bool {
        if let given = request.header(WebhookOptions.secretHeader) { return WebhookSecrets.matches(given, secret) }
        return WebhookSecrets.validSignature(request.header(signatureHeader), of: request.body, key: secret)
    }

    /// Headers the event never carries: the secret, the signature, and credentials a sender may add.
    static func hiddenHeaders(_ options: WebhookOptions) -> [String] {
        [WebhookOptions.secretHeader, options.signatureHeader, "authorization", "cookie", "proxy-authorization"]
    }

    /// The event: `{"method", "headers", "query", "body"}`, the body parsed when it is JSON or a form, text when it
    /// is UTF-8, base64 (with `"bodyEncoding": "base64"`) otherwise. A body that says it is JSON and is not is refused.
    static func payload(of request: WebhookRequest, options: WebhookOptions) throws -> JSONValue {
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
