import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `whatsapp` node through Plugboard's API against a Cloud API double, for both providers.
@Suite struct WhatsAppNodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, provider: String, token: String = WhatsAppCloudDouble.token) async throws {
        try await api.makeApplication("chat")
        let credential = provider == "meta"
            ? try await api.makeCredential("chat", name: "wa", kind: "bearer_token", fields: ["token": .string(token)])
            : try await api.makeCredential("chat", name: "wa", kind: "api_key", fields: ["key": .string(token)])
        let reply = try await api.makeConnector("chat", type: "whatsapp", name: "wa", options: [
            "provider": .string(provider), "phoneNumberId": .string(WhatsAppCloudDouble.phoneNumberID), "baseUrl": .string(upstream.baseURL),
        ], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test(arguments: ["meta", "360dialog"])
    func eachKindOfMessageIsSentInTheCloudAPIsShape(provider: String) async throws {
        let fixture = try await APIFixture()
        try await withUpstreamServer(routes: WhatsAppCloudDouble.routes) { upstream in
            try await fixture.run { api in
                try await connector(api, upstream, provider: provider)
                let text = try await api.run("chat", "wa", "send_text", ["to": "+4915112345678", "text": "Hello", "replyTo": "wamid.earlier"])
                #expect(text.output["messages"]?.arrayValue?.first?["id"] == "wamid.text.4915112345678", "\(text.text)")
                let sent = try JSONParser.parse(try #require(upstream.requests.last { $0.path.hasSuffix("/messages") }).body)
                #expect(sent["text"] == ["body": "Hello", "preview_url": false])
                #expect(sent["context"] == ["message_id": "wamid.earlier"] && sent["recipient_type"] == "individual")

                let template = try await api.run("chat", "wa", "send_template", [
                    "to": "4915112345678", "name": "order_update", "language": "de",
                    "components": [["type": "body", "parameters": [["type": "text", "text": "4711"]]]],
                ])
                #expect(template.status == .ok, "\(template.text)")
                let templateBody = try JSONParser.parse(upstream.requests.last!.body)
                #expect(templateBody["template"]?["language"] == ["code": "de"])

                let uploaded = try await api.run("chat", "wa", "upload_media", [
                    "base64": .string(Data("%PDF-1.4".utf8).base64EncodedString()), "filename": "invoice.pdf", "contentType": "application/pdf",
                ])
                let mediaID = try #require(uploaded.output["id"]?.stringValue, "\(uploaded.text)")
                let media = try await api.run("chat", "wa", "send_media", [
                    "to": "4915112345678", "kind": "document", "mediaId": .string(mediaID), "caption": "Your invoice", "filename": "invoice.pdf",
                ])
                #expect(media.status == .ok, "\(media.text)")
                #expect(try JSONParser.parse(upstream.requests.last!.body)["document"] == ["id": .string(mediaID), "caption": "Your invoice", "filename": "invoice.pdf"])

                let buttons: JSONValue = ["type": "button", "body": ["text": "Confirm?"], "action": ["buttons": [["type": "reply", "reply": ["id": "yes", "title": "Yes"]]]]]
                #expect(try await api.run("chat", "wa", "send_interactive", ["to": "4915112345678", "interactive": buttons]).status == .ok)
                #expect(try await api.run("chat", "wa", "mark_read", ["messageId": "wamid.incoming"]).output["success"] == true)

                let executions = try await api.call(.get, "/api/v1/applications/chat/executions")
                for reply in [text.text, uploaded.text, executions.text] { #expect(!reply.contains(WhatsAppCloudDouble.token)) }
            }
        }
        #expect(!fixture.logs.text.contains(WhatsAppCloudDouble.token))
    }

    @Test func metaErrorsMapToTheTaxonomy() async throws {
        try await withUpstreamServer(routes: WhatsAppCloudDouble.routes) { upstream in
            try await APIFixture().run { api in
                try await connector(api, upstream, provider: "meta")
                let limited = try await api.run("chat", "wa", "send_text", ["to": "4900000000429", "text": "x"])
                #expect(limited.errorCode == "rate_limited", "\(limited.text)")
                #expect(limited.error["details"]?["code"] == 131056 && limited.error["details"]?["fbtraceId"] == "AbCdEf123")
                let invalid = try await api.run("chat", "wa", "send_text", ["to": "4900000000100", "text": "x"])
                #expect(invalid.errorCode == "invalid_input", "\(invalid.text)")
                #expect(try await api.run("chat", "wa", "send_text", ["to": "not-a-number", "text": "x"]).error["field"] == "to")
                #expect(try await api.run("chat", "wa", "send_media", ["to": "4915112345678", "kind": "image"]).error["field"] == "mediaId")
                let test = try await api.call(.post, "/api/v1/applications/chat/connectors/wa/test")
                #expect(test.json["details"]?["phoneNumber"] == "+1 555 010 0123", "\(test.text)")
            }
        }
        try await withUpstreamServer(routes: WhatsAppCloudDouble.routes) { upstream in
            try await APIFixture().run { api in
                try await connector(api, upstream, provider: "meta", token: "EAAG-expired-token")
                let refused = try await api.run("chat", "wa", "send_text", ["to": "4915112345678", "text": "x"])
                #expect(refused.errorCode == "authentication_failed", "\(refused.text)")
                #expect(!refused.text.contains("EAAG-expired-token"))
            }
        }
    }
}
