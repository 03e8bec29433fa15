import Hummingbird
import NIOCore
import PlugboardCore
import PlugboardRuntime

/// `/hooks/{trigger}`: where webhook triggers receive. No API token: each request proves itself. A `webhook` trigger
/// takes POSTs with its secret or an HMAC-SHA256 signature of the body (202 once the event is stored); a node source
/// that receives webhooks (Telegram, WhatsApp) checks its service's own secret or signature, and answers GETs for
/// verification handshakes. Nothing is stored for a request that fails a check.
struct HooksController {
    let instance: PlugboardInstance

    static func path(_ triggerID: String) -> String { "/hooks/\(triggerID)" }

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .post, path: "/hooks/{trigger}", operationID: "receiveWebhook",
                summary: "Deliver an event to a webhook trigger (Plugboard-Webhook-Secret header, or Plugboard-Signature: sha256=<hex>), or to a node's webhook source (its service's own check)",
                tag: "Triggers", authenticated: false, successStatus: 202, responseSchema: APISchemas.ref("WebhookAccepted"), handler: receive),
            APIRoute(
                method: .get, path: "/hooks/{trigger}", operationID: "verifyWebhook",
                summary: "A node webhook source's verification handshake (Meta's hub.mode, hub.verify_token and hub.challenge)",
                tag: "Triggers", authenticated: false, responseContentType: "text/plain", handler: receive),
        ]
    }

    private func receive(_ request: Request, _ context: PlugboardRequestContext) async throws -> Response {
        let receiver = instance.triggerRunner.webhooks
        let (trigger, limit) = try await receiver.trigger(id: try context.parameter("trigger"))
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit)
        }
        let webhook = WebhookRequest(
            method: request.method.rawValue, headers: request.headers.map { ($0.name.canonicalName, $0.value) },
            query: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, body: Array(buffer.readableBytesView))
        switch try await receiver.receive(webhook, for: trigger) {
        case .event(let id, let duplicate):
            return .json(["eventId": .string(id), "duplicate": .bool(duplicate)], status: .accepted)
        case .events(let stored, let duplicates):
            return .json(["stored": .integer(Int64(stored)), "duplicates": .integer(Int64(duplicates))], status: .accepted)
        case .reply(let reply):
            return Response(
                status: HTTPResponse.Status(code: reply.status), headers: [.contentType: reply.contentType],
                body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
    }
}
