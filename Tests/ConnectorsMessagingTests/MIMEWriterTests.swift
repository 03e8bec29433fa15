import Synchronization
import Foundation
import PlugboardCore
import Testing

@testable import ConnectorsMessaging

@Suite struct MIMEWriterTests {
    /// A writer whose boundaries and ids count up, so a message is the same bytes every time.
    static func writer() -> MIMEWriter {
        let counter = Counter()
        return MIMEWriter { "t\(counter.next())" }
    }

    static let date = Date(timeIntervalSince1970: 1_764_820_800)  // Thu, 04 Dec 2025 04:00:00 +0000

    @Test func aTextMessageIsExactlyTheseBytes() throws {
        var message = EmailMessage(
            from: Mailbox(name: "Ada Lovelace", address: "ada@example.com"), to: [Mailbox(address: "bob@example.org")],
            subject: "Hello", text: "Line one\n.starts with a dot\nend")
        message.date = Self.date
        let (bytes, id) = try Self.writer().write(message)
        #expect(id == "<t1@example.com>")
        #expect(String(decoding: bytes, as: UTF8.self) == """
            From: Ada Lovelace <ada@example.com>\r
            To: bob@example.org\r
            Subject: Hello\r
            Date: Thu, 04 Dec 2025 04:00:00 +0000\r
            Message-ID: <t1@example.com>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Line one\r
            .starts with a dot\r
            end\r

            """)
    }

    @Test func utf8NamesAndSubjectsAreEncodedWordsOfAtMost75Characters() throws {
        let subject = String(repeating: "Привет, мир! ", count: 8)
        var message = EmailMessage(
            from: Mailbox(name: "Äda Łovelace", address: "ada@example.com"), to: [Mailbox(name: "Smith, Bob", address: "bob@example.org")],
            subject: subject, text: "hi")
        message.date = Self.date
        let text = String(decoding: try Self.writer().write(message).bytes, as: UTF8.self)
        #expect(text.contains("From: =?UTF-8?B?w4RkYSDFgW92ZWxhY2U=?= <ada@example.com>\r\n"))
        #expect(text.contains("To: \"Smith, Bob\" <bob@example.org>\r\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines.filter { $0.count > 78 })")
        let words = text.components(separatedBy: CharacterSet.whitespacesAndNewlines).filter { $0.hasPrefix("=?UTF-8?B?") }
        #expect(words.count > 2 && words.allSatisfy { $0.count <= 75 })
        // The words decode back to the subject.
        let subjectWords = lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
            .flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("=?UTF-8?B?") }
        let decoded = subjectWords.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
    }

    @Test func textAndHTMLWithAnInlineImageAndAnAttachmentNestInOrder() throws {
        var message = EmailMessage(
            from: Mailbox(address: "ada@example.com"), to: [Mailbox(address: "bob@example.org")], subject: "Report",
            text: "See the chart.", html: "<p>See <img src=\"cid:chart\"></p>")
        message.attachments = [
            .init(filename: "chart.png", contentType: "image/png", data: [0x89, 0x50, 0x4E, 0x47], contentID: "chart"),
            .init(filename: "отчёт.pdf", contentType: "application/pdf", data: Array(repeating: 7, count: 200)),
        ]
        message.date = Self.date
        let text = String(decoding: try Self.writer().write(message).bytes, as: UTF8.self)
        let mixed = try #require(text.range(of: "multipart/mixed"))
        let related = try #require(text.range(of: "multipart/related"))
        let alternative = try #require(text.range(of: "multipart/alternative"))
        #expect(mixed.lowerBound < related.lowerBound && related.lowerBound < alternative.lowerBound)
        #expect(text.contains("Content-Disposition: inline; filename=\"chart.png\"\r\nContent-ID: <chart>\r\n"))
        #expect(text.contains("filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82.pdf"))
        #expect(text.contains("iVBORw==\r\n"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test func quotedPrintableKeepsLinesShortAndEscapesWhatItMust() {
        let long = String(repeating: "abc ", count: 40) + "café = done \n"
        let encoded = MIMEBody.quotedPrintable(Array(long.utf8))
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(encoded.contains("caf=C3=A9 =3D done=20\r\n"))
        #expect(MIMEBody.encoding(for: Array("Привет".utf8), isText: true) == .base64)
        #expect(MIMEBody.encoding(for: Array("Hello, café".utf8), isText: true) == .quotedPrintable)
    }

    @Test(arguments: ["Hi\r\nBcc: evil@example.com", "Hi\nthere", "Hi\rthere"])
    func aLineBreakInAHeaderIsRefused(subject: String) {
        let message = EmailMessage(from: Mailbox(address: "ada@example.com"), to: [Mailbox(address: "bob@example.org")], subject: subject, text: "x")
        #expect(throws: ConnectorError.self) { try MIMEWriter().write(message) }
        var withHeader = EmailMessage(from: Mailbox(address: "ada@example.com"), to: [Mailbox(address: "bob@example.org")], subject: "ok", text: "x")
        withHeader.headers = [("X-Note", subject)]
        #expect(throws: ConnectorError.self) { try MIMEWriter().write(withHeader) }
    }

    @Test(arguments: ["bob", "bob@", "@example.org", "bob@example.org>\r\nRCPT TO:<x@y", "a b@example.org", "<bob@example.org"])
    func malformedAddressesAreRefused(address: String) {
        #expect(throws: ConnectorError.self) { try Mailbox(parsing: address, field: "to") }
    }

    @Test func mailboxesParseNamesAndAngleBrackets() throws {
        #expect(try Mailbox(parsing: "Ada Lovelace <ada@example.com>", field: "f") == Mailbox(name: "Ada Lovelace", address: "ada@example.com"))
        #expect(try Mailbox(parsing: "\"Smith, Bob\" <bob@example.org>", field: "f") == Mailbox(name: "Smith, Bob", address: "bob@example.org"))
        #expect(try Mailbox(parsing: " bob@example.org ", field: "f") == Mailbox(address: "bob@example.org"))
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
