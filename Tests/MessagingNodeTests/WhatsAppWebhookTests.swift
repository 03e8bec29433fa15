import Crypto
import Foundation
import Hummingbird
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The whatsapp `messages` trigger source: Meta's verification handshake, `X-Hub-Signature-256` checked with the app
/// secret before anything is stored, and messages and delivery statuses as events, each once.
@Suite struct WhatsAppWebhookTests {
    static let appSecret = "meta-app-secret-\(UUID().uuidString)"

    /// A notification as Meta sends it: one message from a customer and one delivery status.
    static func notification(phoneNumberID: String = WhatsAppCloudDouble.phoneNumberID) -> JSONValue {
        [
            "object": "whatsapp_business_account",
            "entry": [[
                "id": "102290129340398",
                "changes": [[
                    "field": "messages",
                    "value": [
                        "messaging_product": "whatsapp",
                        "metadata": ["display_phone_number": "15550783881", "phone_number_id": .string(phoneNumberID)],
                        "contacts": [["profile": ["name": "Sheena Nelson"], "wa_id": "16505551234"]],
                        "messages": [["from": "16505551234", "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                                      "timestamp": "1749416383", "type": "text", "text": ["body": "Does it come in another color?"]]],
                        "statuses": [["id": "wamid.sent-earlier", "status": "delivered", "timestamp": "1749416390", "recipient_id": "16505551234"]],
                    ],
                ]],
            ]],
        ]
    }

    static func signature(_ body: [UInt8], key: String = appSecret) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(key.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    @Test func handshakeSignatureAndEvents() async throws {
        let fixture = try await APIFixture()
        try await withUpstreamServer(routes: WhatsAppCloudDouble.routes) { upstream in
            try await fixture.run(runners: true) { api in
                try await api.makeApplication("chat")
                let credential = try await api.makeCredential("chat", name: "wa", kind: "bearer_token", fields: ["token": .string(WhatsAppCloudDouble.token)])
                try await api.makeConnector("chat", type: "whatsapp", name: "wa", options: [
                    "phoneNumberId": .string(WhatsAppCloudDouble.phoneNumberID), "baseUrl": .string(upstream.baseURL),
                ], credential: credential)
                try await api.expectOK(.post, "/api/v1/applications/chat/workflows", [
                    "name": "answer", "steps": [["name": "reply", "if": "{{ input.message.text.body }}", "connector": "wa", "action": "send_text",
                                                 "input": ["to": "{{ input.message.from }}", "text": "Thanks, {{ input.contact.profile.name }}!"]]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/chat/triggers", [
                    "name": "inbound", "source": "messages", "connector": "wa", "options": ["appSecret": .string(Self.appSecret)],
                    "target": ["workflow": "answer"],
                ])
                #expect(created.status == .created, "\(created.text)")
                #expect(!created.text.contains(Self.appSecret), "the app secret is sealed, not kept in the options")
                let verifyToken = try #require(created.json["secret"]?.stringValue)
                let id = try #require(created.json["id"]?.stringValue)
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/chat/triggers/inbound").json["state"] == "subscribed" })

                // Meta's verification handshake.
                let handshake = try await api.call(
                    .get, "/hooks/\(id)?hub.mode=subscribe&hub.verify_token=\(verifyToken)&hub.challenge=1158201444", token: nil)
                #expect(handshake.status == .ok && handshake.text == "1158201444", "\(handshake.text)")
                #expect(handshake.headers[.contentType]?.hasPrefix("text/plain") == true)
                let wrongToken = try await api.call(.get, "/hooks/\(id)?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1", token: nil)
                #expect(wrongToken.status == .forbidden)

                // Signed notifications only.
                let body = Self.notification().jsonBytes()
                let text = String(decoding: body, as: UTF8.self)
                let forged = try await api.call(
                    .post, "/hooks/\(id)", token: nil, rawBody: text,
                    headers: [.contentType: "application/json", .init("X-Hub-Signature-256")!: Self.signature(body, key: "another-app")])
                #expect(forged.status == .unauthorized, "\(forged.text)")
                let unsigned = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: text, headers: [.contentType: "application/json"])
                #expect(unsigned.status == .unauthorized)
                #expect(try await api.call(.get, "/api/v1/applications/chat/triggers/inbound/events").json["items"]?.arrayValue?.isEmpty == true)

                let signed: HTTPFields = [.contentType: "application/json", .init("X-Hub-Signature-256")!: Self.signature(body)]
                let accepted = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: text, headers: signed)
                #expect(accepted.status == .accepted && accepted.json["stored"] == 2, "\(accepted.text)")
                let again = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: text, headers: signed)
                #expect(again.json["duplicates"] == 2, "Meta's redelivery is stored once")
                let otherNumber = Self.notification(phoneNumberID: "999").jsonBytes()
                let elsewhere = try await api.call(
                    .post, "/hooks/\(id)", token: nil, rawBody: String(decoding: otherNumber, as: UTF8.self),
                    headers: [.contentType: "application/json", .init("X-Hub-Signature-256")!: Self.signature(otherNumber)])
                #expect(elsewhere.json["stored"] == 0, "another phone number's events are not this connector's")

                let events = try await api.call(.get, "/api/v1/applications/chat/triggers/inbound/events")
                let kinds = Set(events.json["items"]?.arrayValue?.compactMap { $0["payload"]?["kind"]?.stringValue } ?? [])
                #expect(kinds == ["message", "status"], "\(events.text.prefix(600))")
                let replies = { upstream.requests.filter { $0.path.hasSuffix("/messages") }.compactMap { try? JSONParser.parse($0.body) } }
                #expect(try await eventually { replies().count == 1 }, "the status event skips the reply step")
                #expect(replies().first?["text"]?["body"] == "Thanks, Sheena Nelson!")
                #expect(replies().first?["to"] == "16505551234")
                let executions = try await api.call(.get, "/api/v1/applications/chat/executions")
                for text in [events.text, fixture.logs.text, executions.text] {
                    #expect(!text.contains(Self.appSecret) && !text.contains(verifyToken) && !text.contains(WhatsAppCloudDouble.token))
                }
            }
        }
    }
}
