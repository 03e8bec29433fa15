import Foundation
import Hummingbird
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `telegram` node through Plugboard's API against a Bot API double.
@Suite struct TelegramNodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, token: String = TelegramBotDouble.token) async throws {
        try await api.makeApplication("bots")
        let credential = try await api.makeCredential("bots", name: "bot-token", kind: "api_key", fields: ["key": .string(token)])
        let reply = try await api.makeConnector(
            "bots", type: "telegram", name: "bot", options: ["baseUrl": .string(upstream.baseURL), "retries": 2], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    private func run(_ api: APIClient, _ action: String, _ input: JSONValue = [:]) async throws -> APIClient.Reply {
        try await api.run("bots", "bot", action, input)
    }

    @Test func messagesFilesAndUpdatesGoThroughTheBotAPI() async throws {
        let double = TelegramBotDouble()
        let fixture = try await APIFixture()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await fixture.run { api in
                try await connector(api, upstream)
                let test = try await api.call(.post, "/api/v1/applications/bots/connectors/bot/test")
                #expect(test.json["details"]?["bot"] == "plugboard_test_bot", "\(test.text)")

                let keyboard: JSONValue = ["inline_keyboard": [[["text": "Yes", "callback_data": "yes"]]]]
                let sent = try await run(api, "send_message", [
                    "chatId": "1001", "text": "<b>Hello</b>", "parseMode": "HTML", "replyMarkup": keyboard, "replyToMessageId": 5,
                ])
                #expect(sent.status == .ok, "\(sent.text)")
                #expect(sent.output["text"] == "<b>Hello</b>")
                let request = try #require(upstream.requests.last { $0.path.hasSuffix("/sendMessage") })
                let parameters = try JSONParser.parse(request.body)
                #expect(parameters["parse_mode"] == "HTML" && parameters["reply_markup"] == keyboard)
                #expect(parameters["reply_parameters"] == ["message_id": 5])

                let uploaded = try await run(api, "send_document", [
                    "chatId": "1001", "caption": "The report", "file": ["base64": .string(Data("report body".utf8).base64EncodedString()), "filename": "report.txt", "contentType": "text/plain"],
                ])
                #expect(uploaded.status == .ok, "\(uploaded.text)")
                let fileID = try #require(uploaded.output["document"]?["file_id"]?.stringValue)
                let fetched = try await run(api, "get_file", ["fileId": .string(fileID)])
                #expect(fetched.output["base64"] == .string(Data("report body".utf8).base64EncodedString()), "\(fetched.text)")

                let byReference = try await run(api, "send_photo", ["chatId": "1001", "file": ["url": "https://example.com/cat.jpg"]])
                #expect(byReference.output["photo"]?["file_id"] == "https://example.com/cat.jpg", "\(byReference.text)")

                let messageID = sent.output["message_id"] ?? .null
                #expect(try await run(api, "edit_message_text", ["chatId": "1001", "messageId": messageID, "text": "Edited"]).output["text"] == "Edited")
                #expect(try await run(api, "forward_message", ["chatId": "2002", "fromChatId": "1001", "messageId": messageID]).status == .ok)
                #expect(try await run(api, "copy_message", ["chatId": "2002", "fromChatId": "1001", "messageId": messageID]).output["message_id"] != nil)
                #expect(try await run(api, "delete_message", ["chatId": "1001", "messageId": messageID]).output == true)
                #expect(try await run(api, "answer_callback_query", ["callbackQueryId": "cq-1", "text": "Thanks"]).output == true)

                double.queueUpdate(text: "first")
                double.queueUpdate(text: "second")
                let updates = try await run(api, "get_updates")
                #expect(updates.output.arrayValue?.count == 2, "\(updates.text)")
                let confirmed = try await run(api, "get_updates", ["offset": 1001])
                #expect(confirmed.output.arrayValue?.count == 1)

                // The token travels in every URL path, and is in no answer or log.
                #expect(upstream.requests.allSatisfy { $0.path.contains("bot\(TelegramBotDouble.token)") })
                let executions = try await api.call(.get, "/api/v1/applications/bots/executions")
                for text in [sent.text, fetched.text, test.text, executions.text] { #expect(!text.contains(TelegramBotDouble.token)) }
            }
        }
        #expect(!fixture.logs.text.contains(TelegramBotDouble.token))
    }

    @Test func refusalsMapToTheTaxonomy() async throws {
        let double = TelegramBotDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await connector(api, upstream)
                let flood = try await run(api, "send_message", ["chatId": "flood", "text": "hi"])
                #expect(flood.status == .ok, "flood control is waited out: \(flood.text)")
                #expect(upstream.requests.filter { $0.path.hasSuffix("/sendMessage") }.count == 2)

                let migrated = try await run(api, "send_message", ["chatId": "-42", "text": "hi"])
                #expect(migrated.errorCode == "invalid_input" && migrated.error["details"]?["migrateToChatId"] == -1001234567890, "\(migrated.text)")
                #expect(try await run(api, "send_message", ["chatId": "blocked", "text": "hi"]).errorCode == "permission_denied")
                #expect(try await run(api, "send_message", ["chatId": "missing", "text": "hi"]).errorCode == "invalid_input")
                #expect(try await run(api, "send_photo", ["chatId": "1", "file": [:]]).error["field"] == "file")
            }
        }
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await connector(api, upstream, token: "987654321:AAH-wrong-token")
                let reply = try await run(api, "get_me")
                #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
                #expect(!reply.text.contains("AAH-wrong-token"))
            }
        }
    }

    @Test func eachUpdateStartsTheWorkflowOnceAndIsConfirmedAfter() async throws {
        let double = TelegramBotDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run(runners: true) { api in
                try await connector(api, upstream)
                try await api.expectOK(.post, "/api/v1/applications/bots/workflows", [
                    "name": "echo", "steps": [["name": "reply", "connector": "bot", "action": "send_message",
                                               "input": ["chatId": "{{ input.message.chat.id }}", "text": "echo: {{ input.message.text }}"]]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/bots/triggers", [
                    "name": "incoming", "source": "updates", "connector": "bot", "options": ["pollSeconds": 1], "target": ["workflow": "echo"],
                ])
                #expect(created.status == .created, "\(created.text)")
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/bots/triggers/incoming").json["state"] == "subscribed" })

                double.queueUpdate(text: "hello")
                double.queueUpdate(text: "again")
                let replies = { upstream.requests.filter { $0.path.hasSuffix("/sendMessage") }.compactMap { try? JSONParser.parse($0.body)["text"]?.stringValue } }
                #expect(try await eventually { replies().count == 2 }, "\(replies())")
                #expect(Set(replies()) == ["echo: hello", "echo: again"])
                // Later polls confirm both updates with the offset past them, and no update starts a second run.
                #expect(try await eventually {
                    upstream.requests.contains { $0.path.hasSuffix("/getUpdates") && (try? JSONParser.parse($0.body))?["offset"] == 1002 }
                })
                try await Task.sleep(for: .milliseconds(300))
                #expect(replies().count == 2)
            }
        }
    }
}

/// The telegram `webhook_updates` trigger source: registered with setWebhook and the trigger's secret token, and every
/// pushed update checked by that token before it is stored.
@Suite struct TelegramWebhookTests {
    @Test func pushedUpdatesAreCheckedStoredOnceAndStartTheWorkflow() async throws {
        let double = TelegramBotDouble()
        let fixture = try await APIFixture(environment: ["PLUGBOARD_PUBLIC_URL": "https://bots.example.test/"])
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await fixture.run(runners: true) { api in
                try await api.makeApplication("bots")
                let credential = try await api.makeCredential("bots", name: "bot-token", kind: "api_key", fields: ["key": .string(TelegramBotDouble.token)])
                try await api.makeConnector("bots", type: "telegram", name: "bot", options: ["baseUrl": .string(upstream.baseURL)], credential: credential)
                try await api.expectOK(.post, "/api/v1/applications/bots/workflows", [
                    "name": "echo", "steps": [["name": "reply", "connector": "bot", "action": "send_message",
                                               "input": ["chatId": "{{ input.message.chat.id }}", "text": "echo: {{ input.message.text }}"]]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/bots/triggers", [
                    "name": "pushed", "source": "webhook_updates", "connector": "bot", "options": ["allowedUpdates": ["message"]],
                    "target": ["workflow": "echo"],
                ])
                #expect(created.status == .created, "\(created.text)")
                let secret = try #require(created.json["secret"]?.stringValue)
                let id = try #require(created.json["id"]?.stringValue)
                #expect(created.json["url"]?.stringValue == "https://bots.example.test/hooks/\(id)")
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/bots/triggers/pushed").json["state"] == "subscribed" })
                let registration = try JSONParser.parse(try #require(upstream.requests.last { $0.path.hasSuffix("/setWebhook") }).body)
                #expect(registration["url"]?.stringValue == "https://bots.example.test/hooks/\(id)")
                #expect(registration["secret_token"]?.stringValue == secret && registration["allowed_updates"] == ["message"])

                let update: JSONValue = ["update_id": 7001, "message": ["message_id": 1, "chat": ["id": 555, "type": "private"], "text": "hi"]]
                let refused = try await api.call(
                    .post, "/hooks/\(id)", update, token: nil, headers: [.init("X-Telegram-Bot-Api-Secret-Token")!: "not-the-secret"])
                #expect(refused.status == .unauthorized, "\(refused.text)")
                let unsigned = try await api.call(.post, "/hooks/\(id)", update, token: nil)
                #expect(unsigned.status == .unauthorized)
                let headers: HTTPFields = [.init("X-Telegram-Bot-Api-Secret-Token")!: secret]
                let accepted = try await api.call(.post, "/hooks/\(id)", update, token: nil, headers: headers)
                #expect(accepted.status == .accepted && accepted.json["stored"] == 1, "\(accepted.text)")
                let again = try await api.call(.post, "/hooks/\(id)", update, token: nil, headers: headers)
                #expect(again.json["stored"] == 0 && again.json["duplicates"] == 1, "Telegram's retry is stored once")
                let broken = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: "{\"no\": \"update\"}", headers: headers)
                #expect(broken.status == .badRequest)

                let replies = { upstream.requests.filter { $0.path.hasSuffix("/sendMessage") }.compactMap { try? JSONParser.parse($0.body)["text"]?.stringValue } }
                #expect(try await eventually { replies() == ["echo: hi"] }, "\(replies())")
                let events = try await api.call(.get, "/api/v1/applications/bots/triggers/pushed/events")
                #expect(events.json["items"]?.arrayValue?.count == 1)
                #expect(!events.text.contains(secret) && !fixture.logs.text.contains(secret) && !fixture.logs.text.contains(TelegramBotDouble.token))
                let listed = try await api.call(.get, "/api/v1/applications/bots/triggers/pushed")
                #expect(!listed.text.contains(secret))
            }
        }
    }

    @Test func withoutAPublicAddressTheTriggerFailsSayingSo() async throws {
        let double = TelegramBotDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run(runners: true) { api in
                try await api.makeApplication("bots")
                let credential = try await api.makeCredential("bots", name: "bot-token", kind: "api_key", fields: ["key": .string(TelegramBotDouble.token)])
                try await api.makeConnector("bots", type: "telegram", name: "bot", options: ["baseUrl": .string(upstream.baseURL)], credential: credential)
                try await api.call(.post, "/api/v1/applications/bots/triggers", [
                    "name": "pushed", "source": "webhook_updates", "connector": "bot", "target": ["url": "https://example.com/events"],
                ])
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/bots/triggers/pushed").json["state"] == "failed" })
                let failed = try await api.call(.get, "/api/v1/applications/bots/triggers/pushed")
                #expect(failed.text.contains("PLUGBOARD_PUBLIC_URL"), "\(failed.text)")
                #expect(!upstream.requests.contains { $0.path.hasSuffix("/setWebhook") })
            }
        }
    }
}
