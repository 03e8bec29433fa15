import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import Testing

/// The `smtp` node through Plugboard's API against real SMTP servers (aiosmtpd), what arrived read back with
/// Python's email package.
@Suite struct SMTPNodeTests {
    static func unique(_ local: String) -> String { "\(local)-\(UUID().uuidString.prefix(8).lowercased())@example.org" }

    static let chart: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<300).map { UInt8($0 % 256) }

    @Test(arguments: ["plain", "login", "cram-md5", "auto"])
    func aRichMessageArrivesOverSTARTTLS(authentication: String) async throws {
        let servers = try SMTPServers.fromEnvironment()
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await servers.connector(api, app: "mail", encryption: "starttls", authentication: authentication)
            let to = Self.unique("ada"), cc = Self.unique("carol"), bcc = Self.unique("hidden")
            let reply = try await api.run("mail", "mail", "send", [
                "from": "Ärzte Team <team@plugboard.test>", "to": .array([.string("Ada Lövelace <\(to)>")]), "cc": .array([.string(cc)]),
                "bcc": .array([.string(bcc)]), "replyTo": ["Support <support@plugboard.test>"],
                "subject": "Отчёт за неделю: 📈 всё хорошо, and a rather long English tail to make it fold",
                "text": "Hello Ada,\n.this line starts with a dot\nBye", "html": "<p>Hello <b>Ada</b></p><img src=\"cid:chart\">",
                "attachments": [
                    ["filename": "chart.png", "contentType": "image/png", "base64": .string(Data(Self.chart).base64EncodedString()), "contentId": "chart"],
                    ["filename": "заметки.txt", "contentType": "text/plain", "text": "Привет"],
                ],
                "headers": ["X-Campaign": "weekly"],
            ])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.output["accepted"] == .array([.string(to), .string(cc), .string(bcc)]))
            #expect(reply.output["refused"] == [])

            let received = try #require(try await servers.received(by: to).messages.first)
            #expect(received["subject"] == "Отчёт за неделю: 📈 всё хорошо, and a rather long English tail to make it fold")
            #expect(received["from"] == [["name": "Ärzte Team", "address": "team@plugboard.test"]])
            #expect(received["to"] == [["name": "Ada Lövelace", "address": .string(to)]])
            #expect(received["replyTo"]?.arrayValue?.first?["address"] == "support@plugboard.test")
            #expect(received["bccHeader"] == .null, "Bcc never appears in the headers")
            #expect(received["rcptTos"]?.arrayValue?.contains(.string(bcc)) == true)
            #expect(received["text"]?.stringValue?.replacingOccurrences(of: "\r\n", with: "\n") == "Hello Ada,\n.this line starts with a dot\nBye", "exactly the text sent")
            #expect(received["html"]?.stringValue?.contains("<b>Ada</b>") == true)
            #expect(received["headers"]?["X-Campaign"] == "weekly")
            #expect(received["messageId"] == reply.output["messageId"])
            #expect(received["tls"] == true && received["authenticated"] == true)
            let mechanism = authentication == "auto" ? "CRAM-MD5" : authentication.uppercased()
            #expect(received["mechanism"] == .string(mechanism), "the server saw the login the connector asked for")
            #expect(received["defects"] == [])
            let attachments = received["attachments"]?.arrayValue ?? []
            #expect(attachments.first?["base64"] == .string(Data(Self.chart).base64EncodedString()))
            #expect(attachments.first?["contentId"] == "<chart>")
            #expect(attachments.last?["filename"] == "заметки.txt")
            #expect(attachments.last?["base64"] == .string(Data("Привет".utf8).base64EncodedString()))
        }
        #expect(!fixture.logs.text.contains(servers.password))
    }

    @Test func implicitTLSWorksToo() async throws {
        let servers = try SMTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, app: "mail", encryption: "tls", ["port": .integer(Int64(servers.tlsPort))])
            let to = Self.unique("tls")
            let reply = try await api.run("mail", "mail", "send", ["to": .array([.string(to)]), "subject": "Over TLS", "text": "x"])
            #expect(reply.status == .ok, "\(reply.text)")
            let received = try #require(try await servers.received(by: to).messages.first)
            #expect(received["listener"] == "tls" && received["tls"] == true)
            #expect(received["from"]?.arrayValue?.first?["address"] == "robot@plugboard.test", "the connector's default sender")

            let test = try await api.call(.post, "/api/v1/applications/mail/connectors/mail/test")
            #expect(test.json["ok"] == true, "\(test.text)")
            #expect(test.json["details"]?["authentication"] == "CRAM-MD5")
        }
    }

    @Test func linesStartingWithADotAreStuffedOnTheWireAndAConnectionIsReusedWithRSET() async throws {
        let servers = try SMTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, app: "mail", encryption: "none", ["poolSize": 1])
            let first = Self.unique("dots"), second = Self.unique("again")
            let text = ".\n..two\n.three\nplain"
            for address in [first, second] {
                let reply = try await api.run("mail", "mail", "send", ["to": .array([.string(address)]), "subject": "Dots", "text": .string(text)])
                #expect(reply.status == .ok, "\(reply.text)")
            }
            let received = try await servers.received(by: second)
            let wire = try #require(received.wire.first)
            #expect(wire.contains("\r\n..\r\n...two\r\n..three\r\nplain\r\n.\r\n"), "\(wire)")
            #expect(wire.contains("<\(first)>") && wire.contains("RSET\r\n"), "both messages went over one connection, reset between")
            #expect(received.messages.first?["text"]?.stringValue?.replacingOccurrences(of: "\r\n", with: "\n") == text + "\n")
        }
    }

    @Test func refusedRecipientsAreReportedAndAllRefusedIsAnError() async throws {
        let servers = try SMTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, app: "mail", encryption: "starttls")
            let good = Self.unique("good")
            let some = try await api.run("mail", "mail", "send", [
                "to": .array([.string(good), "nobody@example.org", "busy@example.org"]), "subject": "Some", "text": "x",
            ])
            #expect(some.status == .ok, "\(some.text)")
            #expect(some.output["accepted"] == .array([.string(good)]))
            let refused = some.output["refused"]?.arrayValue ?? []
            #expect(refused.map { $0["code"] } == [550, 451])

            let none = try await api.run("mail", "mail", "send", ["to": ["nobody@example.org"], "subject": "None", "text": "x"])
            #expect(none.errorCode == "upstream_error", "\(none.text)")
            #expect(none.error["retryable"] == false)
            #expect(none.error["details"]?["refused"]?.arrayValue?.first?["code"] == 550)
        }
    }

    @Test func aWrongPasswordIsAuthenticationFailed() async throws {
        let servers = try SMTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, app: "mail", encryption: "starttls", password: "not-the-password-93")
            let test = try await api.call(.post, "/api/v1/applications/mail/connectors/mail/test")
            #expect(test.json["error"]?["code"] == "authentication_failed", "\(test.text)")
            let send = try await api.run("mail", "mail", "send", ["to": .array([.string(Self.unique("x"))]), "subject": "x", "text": "x"])
            #expect(send.errorCode == "authentication_failed", "\(send.text)")
            #expect(!send.text.contains("not-the-password-93") && !test.text.contains("not-the-password-93"))
        }
    }

    @Test(arguments: ["Hello\r\nBcc: victim@example.org", "Hello\nthere"])
    func aLineBreakInTheSubjectSendsNothing(subject: String) async throws {
        let servers = try SMTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, app: "mail", encryption: "starttls")
            let to = Self.unique("inject")
            let reply = try await api.run("mail", "mail", "send", ["to": .array([.string(to)]), "subject": .string(subject), "text": "x"])
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.error["field"] == "subject")
            #expect(try await servers.received(by: to).messages.isEmpty)
        }
    }

    @Test func optionsThatCannotWorkAreRefusedWhenSaved() async throws {
        try await APIFixture().run { api in
            try await api.makeApplication("mail")
            for (options, field) in [
                (["host": "smtp.example.com", "defaultFrom": "not an address"], "defaultFrom"),
                (["host": "smtp.example.com", "ehloName": "two words"], "ehloName"),
                (["host": "smtp.example.com", "caCertificate": "not PEM"], "caCertificate"),
            ] as [(JSONObject, String)] {
                let reply = try await api.makeConnector("mail", type: "smtp", name: "mail", options: options)
                #expect(reply.status == .badRequest && reply.error["field"] == .string(field), "\(reply.text)")
            }
        }
    }
}
