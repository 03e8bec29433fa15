import Foundation
import Testing

@testable import ConnectorsMessaging

@Suite struct SMTPWireTests {
    @Test func multiLineRepliesAreOneReplyHoweverTheBytesAreSplit() throws {
        let wire = Array("220 mail.example.com ESMTP\r\n250-mail.example.com\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n250-SIZE 1000\r\n250 SMTPUTF8\r\n".utf8)
        for split in 0...wire.count {
            var reader = SMTPReplyReader()
            let replies = try reader.feed(wire[..<split]) + reader.feed(wire[split...])
            #expect(replies.map(\.code) == [220, 250])
            #expect(replies.last?.lines == ["mail.example.com", "STARTTLS", "AUTH PLAIN LOGIN CRAM-MD5", "SIZE 1000", "SMTPUTF8"])
        }
        var reader = SMTPReplyReader()
        let ehlo = try #require(try reader.feed(wire).last)
        let capabilities = SMTPCapabilities(ehlo: ehlo)
        #expect(capabilities.startTLS && capabilities.smtpUTF8 && !capabilities.eightBitMIME)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN", "CRAM-MD5"])
        #expect(capabilities.maximumSize == 1000)
    }

    @Test func linesThatAreNotRepliesAreRefused() {
        var reader = SMTPReplyReader()
        #expect(throws: SMTPReplyReader.Malformed.self) { try reader.feed(Array("HTTP/1.1 400 Bad Request\r\n".utf8)) }
        var mixed = SMTPReplyReader()
        #expect(throws: SMTPReplyReader.Malformed.self) { try mixed.feed(Array("250-one\r\n251 two\r\n".utf8)) }
    }

    @Test func dataIsDotStuffedWithCRLFAndEndsWithALoneDot() {
        let payload = SMTPData.payload(Array(".first\nmiddle\r\n..two dots\n.".utf8))
        #expect(String(decoding: payload, as: UTF8.self) == "..first\r\nmiddle\r\n...two dots\r\n..\r\n.\r\n")
        #expect(String(decoding: SMTPData.payload(Array("done\r\n".utf8)), as: UTF8.self) == "done\r\n.\r\n")
    }

    @Test func saslAnswersAreTheKnownValues() throws {
        #expect(SMTPAuthentication.plain(user: "tim", password: "tanstaaftanstaaf") == "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm")
        #expect(SMTPAuthentication.login(user: "tim", password: "pw") == ["dGlt", "cHc="])
        // RFC 2195's example.
        let answer = try SMTPAuthentication.cramMD5(
            user: "tim", password: "tanstaaftanstaaf", challenge: "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
        #expect(answer == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
    }

    @Test func refusalsMapToTheTaxonomy() {
        #expect(SMTPFailure.error(SMTPReply(code: 535, lines: ["bad"]), during: "AUTH", server: "s").code == .authenticationFailed)
        let busy = SMTPFailure.error(SMTPReply(code: 451, lines: ["later"]), during: "DATA", server: "s")
        #expect(busy.code == .upstreamError && busy.retryable)
        let final = SMTPFailure.error(SMTPReply(code: 550, lines: ["no such user"]), during: "RCPT TO", server: "s")
        #expect(final.code == .upstreamError && !final.retryable)
    }
}
