import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `gmail` node through Plugboard's API against the Google double, which Google's own Python client proved
/// first (scripts/services/google.sh).
@Suite struct GmailNodeTests {
    @Test func sendReadAndOrganiseMessages() async throws {
        let gmail = try await GoogleFixture()
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await gmail.connector(api)
            var answers: [String] = []
            let test = try await api.call(.post, "/api/v1/applications/mail/connectors/inbox/test")
            #expect(test.json["details"]?["emailAddress"]?.stringValue == gmail.email, "\(test.text)")

            // Send: UTF-8 names and subject, both bodies, an attachment, a blind copy.
            let pdf = Data((0..<600).map { UInt8($0 % 256) }).base64EncodedString()
            let sent = try await gmail.run(api, "send", [
                "to": ["Zoë Ångström <zoe@example.com>"], "bcc": ["audit@example.com"], "subject": "Grüße — отчёт за квартал",
                "text": "Hello Zoë", "html": "<p>Hello <b>Zoë</b></p>",
                "attachments": [["filename": "report.pdf", "contentType": "application/pdf", "base64": .string(pdf)]],
            ])
            answers.append(sent.text)
            #expect(sent.status == .ok, "\(sent.text)")
            let id = try #require(sent.output["id"]?.stringValue)
            #expect(sent.output["labelIds"]?.arrayValue?.contains("SENT") == true)
            #expect(sent.output["messageId"]?.stringValue?.hasSuffix("@\(gmail.email.split(separator: "@")[1])>") == true)
            let raw = try await gmail.google.rawMessage(of: gmail.email, id: id)
            #expect(raw.lowercased().contains("subject: =?utf-8?") && !raw.contains("audit@example.com"), "the subject is encoded and Gmail removed Bcc")

            let read = try await gmail.run(api, "get_message", ["id": .string(id)])
            answers.append(read.text)
            let decoded = read.output["decoded"]
            #expect(decoded?["headers"]?["subject"] == "Grüße — отчёт за квартал", "\(read.text)")
            #expect(decoded?["text"]?.stringValue?.contains("Hello Zoë") == true)
            #expect(decoded?["html"]?.stringValue?.contains("<b>Zoë</b>") == true)
            let attachment = try #require(decoded?["attachments"]?.arrayValue?.first)
            #expect(attachment["filename"] == "report.pdf" && attachment["mimeType"] == "application/pdf")
            let bytes = try await gmail.run(api, "get_attachment", ["messageId": .string(id), "attachmentId": attachment["attachmentId"] ?? .null])
            #expect(bytes.output["base64"]?.stringValue == pdf, "\(bytes.text.prefix(300))")
            let metadata = try await gmail.run(api, "get_message", ["id": .string(id), "format": "metadata", "metadataHeaders": ["Subject"]])
            #expect(metadata.output["decoded"]?["headers"]?["subject"] != nil && metadata.output["decoded"]?["headers"]?["from"] == nil)
            let minimal = try await gmail.run(api, "get_message", ["id": .string(id), "format": "raw"])
            #expect(minimal.output["raw"]?.stringValue.flatMap(Base64URL.decode).map { String(decoding: $0, as: UTF8.self) } == raw)

            // Search with paging.
            try await gmail.deliver(subject: "First", messageID: "<first@example.com>")
            try await gmail.deliver(subject: "Second", messageID: "<second@example.com>")
            let page = try await gmail.run(api, "list_messages", ["query": "from:bob@example.com", "maxResults": 1])
            #expect(page.output["messages"]?.arrayValue?.count == 1, "\(page.text)")
            let token = try #require(page.output["nextPageToken"]?.stringValue)
            let next = try await gmail.run(api, "list_messages", ["query": "from:bob@example.com", "maxResults": 1, "pageToken": .string(token)])
            let firstPage = page.output["messages"]?.arrayValue?.first?["id"]?.stringValue
            let secondPage = next.output["messages"]?.arrayValue?.first?["id"]?.stringValue
            #expect(firstPage != nil && secondPage != nil && firstPage != secondPage, "\(next.text)")
            let inbox = try await gmail.run(api, "list_messages", ["labels": ["inbox", "UNREAD"]])
            #expect(inbox.output["messages"]?.arrayValue?.count == 2, "labels by name, in any case")

            // Labels: create one, use it by name, refuse a duplicate and an unknown one.
            let label = try await gmail.run(api, "create_label", ["name": "Invoices"])
            #expect(label.status == .ok && label.output["id"]?.stringValue?.hasPrefix("Label_") == true, "\(label.text)")
            let duplicate = try await gmail.run(api, "create_label", ["name": "invoices"])
            #expect(duplicate.errorCode == "already_exists", "\(duplicate.text)")
            let first = try #require(secondPage)
            let labelled = try await gmail.run(api, "modify_labels", ["id": .string(first), "add": ["Invoices", "STARRED"], "remove": ["UNREAD"]])
            let ids = labelled.output["labelIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(ids.contains(label.output["id"]?.stringValue ?? "-") && ids.contains("STARRED") && !ids.contains("UNREAD"), "\(labelled.text)")
            let unknown = try await gmail.run(api, "modify_labels", ["id": .string(first), "add": ["Nope"]])
            #expect(unknown.errorCode == "invalid_input" && unknown.error["field"] == "add")
            let listed = try await gmail.run(api, "list_labels")
            #expect(listed.output["labels"]?.arrayValue?.contains { $0["name"] == "Invoices" } == true)

            // Trash, restore, delete for good.
            #expect(try await gmail.run(api, "trash", ["id": .string(first)]).output["labelIds"]?.arrayValue?.contains("TRASH") == true)
            #expect(try await gmail.run(api, "untrash", ["id": .string(first)]).output["labelIds"]?.arrayValue?.contains("TRASH") == false)
            #expect(try await gmail.run(api, "delete_message", ["id": .string(first)]).output["deleted"]?.stringValue == first)
            let gone = try await gmail.run(api, "get_message", ["id": .string(first)])
            #expect(gone.errorCode == "not_found", "\(gone.text)")
            let bad = try await gmail.run(api, "get_message", ["id": "../profile"])
            #expect(bad.errorCode == "invalid_input")

            // Drafts: kept, then sent.
            let draft = try await gmail.run(api, "create_draft", ["to": ["zoe@example.com"], "subject": "Later", "text": "Draft body"])
            #expect(draft.status == .ok, "\(draft.text)")
            let sentDraft = try await gmail.run(api, "send_draft", ["id": draft.output["id"] ?? .null])
            #expect(sentDraft.output["labelIds"]?.arrayValue?.contains("SENT") == true, "\(sentDraft.text)")

            let executions = try await api.call(.get, "/api/v1/applications/mail/executions?limit=500")
            #expect(executions.json["items"]?.arrayValue?.isEmpty == false)
            for answer in answers + [fixture.logs.text, executions.text] {
                for secret in gmail.secrets { #expect(!answer.contains(secret)) }
            }
        }
    }

    @Test func replyStaysInTheThread() async throws {
        let gmail = try await GoogleFixture()
        try await APIFixture().run { api in
            try await gmail.connector(api)
            let incoming = try await gmail.deliver(subject: "Quarterly numbers", messageID: "<q3@example.com>")
            let thread = try #require(incoming["threadId"]?.stringValue)
            let reply = try await gmail.run(api, "reply", [
                "messageId": incoming["id"] ?? .null, "text": "Thanks, Bob.", "replyAll": true,
            ])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["threadId"]?.stringValue == thread, "the reply joined the thread")
            let raw = try await gmail.google.rawMessage(of: gmail.email, id: try #require(reply.output["id"]?.stringValue))
            #expect(raw.contains("Subject: Re: Quarterly numbers"))
            #expect(raw.contains("In-Reply-To: <q3@example.com>") && raw.contains("References: <q3@example.com>"))
            #expect(raw.contains("To: \"Bob Builder\" <bob@example.com>") || raw.contains("To: Bob Builder <bob@example.com>"), "\(raw.prefix(600))")
            #expect(raw.contains("Cc: Carol <carol@example.com>") || raw.contains("Cc: \"Carol\" <carol@example.com>"), "reply all keeps Carol")
            #expect(!raw.contains("Cc: \(gmail.email)") && !raw.contains(", <\(gmail.email)>"), "not to the sender herself")

            let read = try await gmail.run(api, "get_thread", ["id": .string(thread)])
            #expect(read.output["messages"]?.arrayValue?.count == 2, "\(read.text.prefix(400))")
            #expect(read.output["messages"]?.arrayValue?.last?["decoded"]?["text"]?.stringValue?.contains("Thanks, Bob.") == true)
            let threads = try await gmail.run(api, "list_threads", ["query": "subject:Quarterly"])
            #expect(threads.output["threads"]?.arrayValue?.count == 1, "\(threads.text)")
        }
    }

    @Test func googlesErrorsMapToTheTaxonomy() async throws {
        let gmail = try await GoogleFixture()
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await gmail.connector(api)
            try await gmail.google.fault(email: gmail.email, path: "/messages", status: 429, reason: "rateLimitExceeded", retryAfter: 7)
            let limited = try await gmail.run(api, "list_messages")
            #expect(limited.errorCode == "rate_limited" && limited.error["retryable"] == true, "\(limited.text)")
            #expect(limited.error["retryAfter"]?.doubleValue == 7)
            try await gmail.google.fault(email: gmail.email, path: "/messages", status: 403, reason: "userRateLimitExceeded")
            let user = try await gmail.run(api, "list_messages")
            #expect(user.errorCode == "rate_limited", "\(user.text)")
            #expect(user.error["details"]?["reason"] == "userRateLimitExceeded")
            try await gmail.google.fault(email: gmail.email, path: "/messages", status: 500, reason: "backendError")
            #expect(try await gmail.run(api, "list_messages").errorCode == "upstream_error")
        }

        // A token that cannot send: permission_denied, saying which scope would.
        let reader = try await GoogleFixture(scope: "https://www.googleapis.com/auth/gmail.readonly")
        try await APIFixture().run { api in
            try await reader.connector(api)
            let refused = try await reader.run(api, "send", ["to": ["zoe@example.com"], "subject": "x", "text": "y"])
            #expect(refused.errorCode == "permission_denied", "\(refused.text)")
            #expect(refused.error["fix"]?.stringValue?.contains("scope") == true)
        }

        // A revoked access token: refreshed once through the refresh token, and the call goes through.
        let revoked = try await GoogleFixture()
        try await APIFixture().run { api in
            try await revoked.connector(api, fields: ["accessToken": "ya29.revoked-token-value", "expiresAt": .null])
            let profile = try await api.call(.post, "/api/v1/applications/mail/connectors/inbox/test")
            #expect(profile.json["ok"] == true, "\(profile.text)")
            let credential = try await api.call(.get, "/api/v1/applications/mail/credentials/ada-google")
            #expect(credential.json["version"] == 2, "the refreshed token was stored")
        }
    }

    @Test func newMessagesStartTheWorkflow() async throws {
        let gmail = try await GoogleFixture()
        let fixture = try await APIFixture()
        try await fixture.run(runners: true) { api in
            try await gmail.connector(api)
            try await gmail.run(api, "create_label", ["name": "Orders"])
            // Each new order is marked read and starred by the workflow.
            try await api.expectOK(.post, "/api/v1/applications/mail/workflows", [
                "name": "file-order", "steps": [["name": "mark", "connector": "inbox", "action": "modify_labels",
                                                 "input": ["id": "{{ input.id }}", "add": ["STARRED"], "remove": ["UNREAD"]]]],
            ])
            let created = try await api.call(.post, "/api/v1/applications/mail/triggers", [
                "name": "orders", "source": "new_messages", "connector": "inbox", "options": ["labels": ["Orders"], "pollSeconds": 1],
                "target": ["workflow": "file-order"],
            ])
            #expect(created.status == .created, "\(created.text)")
            #expect(try await eventually { try await api.call(.get, "/api/v1/applications/mail/triggers/orders").json["state"] == "subscribed" })

            let labels = try await gmail.run(api, "list_labels").output["labels"]?.arrayValue ?? []
            let orders = try #require(labels.first { $0["name"] == "Orders" }?["id"]?.stringValue)
            let order = try await gmail.deliver(subject: "Order 1001", messageID: "<order-1001@example.com>", labels: ["INBOX", "UNREAD", orders])
            try await gmail.deliver(subject: "Newsletter", messageID: "<news@example.com>")
            let orderID = try #require(order["id"]?.stringValue)
            #expect(try await eventually {
                let message = try await gmail.run(api, "get_message", ["id": .string(orderID), "format": "minimal"])
                return message.output["labelIds"]?.arrayValue?.contains("STARRED") == true
            })
            let events = try await api.call(.get, "/api/v1/applications/mail/triggers/orders/events")
            let items = events.json["items"]?.arrayValue ?? []
            #expect(items.count == 1, "only the message with the label: \(events.text.prefix(500))")
            #expect(items.first?["payload"]?["decoded"]?["headers"]?["subject"] == "Order 1001", "\(events.text.prefix(800))")
            for secret in gmail.secrets {
                #expect(!events.text.contains(secret) && !fixture.logs.text.contains(secret))
            }
        }
    }

    @Test func anExpiredHistoryIDResynchronises() async throws {
        let gmail = try await GoogleFixture()
        try await APIFixture().run(runners: true) { api in
            try await gmail.connector(api)
            let label = try await gmail.run(api, "create_label", ["name": "Orders"])
            let orders = try #require(label.output["id"]?.stringValue)
            let early = try await gmail.deliver(subject: "Order 999", messageID: "<order-999@example.com>", labels: ["INBOX", orders])
            // Gmail answers 404 when it no longer keeps history from the stored id: the newest labelled messages come
            // again (each stored once) and polling goes on from the current history id.
            try await gmail.google.fault(email: gmail.email, path: "/history", status: 404, reason: "notFound", message: "Requested entity was not found.")
            let created = try await api.call(.post, "/api/v1/applications/mail/triggers", [
                "name": "orders", "source": "new_messages", "connector": "inbox", "options": ["labels": ["Orders"], "pollSeconds": 1],
                "target": ["url": "https://example.com/never-called"], "paused": false,
            ])
            #expect(created.status == .created, "\(created.text)")
            let events = { try await api.call(.get, "/api/v1/applications/mail/triggers/orders/events").json["items"]?.arrayValue ?? [] }
            #expect(try await eventually { try await events().count == 1 })
            #expect(try await events().first?["payload"]?["id"] == early["id"])
            let later = try await gmail.deliver(subject: "Order 1000", messageID: "<order-1000@example.com>", labels: ["INBOX", orders])
            #expect(try await eventually { try await events().count == 2 }, "polling went on after the resynchronisation")
            #expect(try await events().contains { $0["payload"]?["id"] == later["id"] })
            #expect(try await api.call(.get, "/api/v1/applications/mail/triggers/orders").json["state"] == "subscribed")
        }
    }
}
