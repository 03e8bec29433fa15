import Hummingbird
import NIOCore
import PlugboardCore
import PlugboardRuntime

/// `/hooks/{trigger}`: where webhook triggers receive. No API token: each request proves itself with the
/// trigger's secret, or an HMAC-SHA256 signature of its body. 202 once the event is stored; nothing is stored
/// for a request that fails a check.
struct HooksController {
    let instance: PlugboardInstance

    static func path(_ triggerID: String) -> String { "/hooks/\(triggerID)" }

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .post, path: "/hooks/{trigger}", operationID: "receiveWebhook",
                summary: "Deliver an event to a webhook trigger (Plugboard-Webhook-Secret header, or Plugboard-Signature: sha256=<hex>)",
                tag: "Triggers", authenticated: false, successStatus: 202, responseSchema: APISchemas.ref("WebhookAccepted")
            ) { request, context in
                let receiver = instance.triggerRunner.webhooks
                let (trigger, limit) = try await receiver.trigger(id: try context.parameter("trigger"))
                let buffer: ByteBuffer
                do {
                    buffer = try await request.body.collect(upTo: limit)
                } catch is NIOTooManyBytesError {
                    throw APIError.bodyTooLarge(limit)
                }
                let webhook = WebhookReceiver.Request(
                    method: request.method.rawValue, headers: request.headers.map { ($0.name.canonicalName, $0.value) },
                    query: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, body: Array(buffer.readableBytesView))
                let (eventID, duplicate) = try await receiver.receive(webhook, for: trigger)
                return .json(["eventId": .string(eventID), "duplicate": .bool(duplicate)], status: .accepted)
            }
        ]
    }
}
