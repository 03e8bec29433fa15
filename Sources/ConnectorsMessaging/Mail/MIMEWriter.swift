import ConnectorsHTTP
import Foundation
import PlugboardCore

/// Writes an `EmailMessage` as the bytes of an RFC 5322 message with MIME parts: text, HTML or both as
/// `multipart/alternative`, inline images in `multipart/related`, attachments in `multipart/mixed`; every line at
/// most 78 characters and ending in CRLF. Shared by the SMTP and Gmail nodes.
public struct MIMEWriter: Sendable {
    /// Makes part boundaries and message ids; random unless a test fixes it.
    var token: @Sendable () -> String
    /// Whether bcc recipients are written in a Bcc header: SMTP's envelope carries them without one, while Gmail
    /// reads them from the header (and removes it before anyone receives the message).
    var writesBcc = false

    public init(writesBcc: Bool = false) {
        token = { String((0..<24).map { _ in "0123456789abcdefghijklmnopqrstuvwxyz".randomElement()! }) }
        self.writesBcc = writesBcc
    }

    init(token: @escaping @Sendable () -> String) {
        self.token = token
    }

    /// The message's bytes and its Message-ID. Header input that could break the message (a line break in any
    /// value, a malformed header name or address) is refused before anything is written.
    public func write(_ message: EmailMessage) throws(ConnectorError) -> (bytes: [UInt8], messageID: String) {
        try check(message)
        let domain = message.from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let messageID = message.messageID ?? "<\(token())@\(domain)>"
        var head = ""
        head += MIMEHeader.line("From", [message.from])
        if !message.to.isEmpty { head += MIMEHeader.line("To", message.to) }
        if !message.cc.isEmpty { head += MIMEHeader.line("Cc", message.cc) }
        if writesBcc, !message.bcc.isEmpty { head += MIMEHeader.line("Bcc", message.bcc) }
        if !message.replyTo.isEmpty { head += MIMEHeader.line("Reply-To", message.replyTo) }
        head += MIMEHeader.line("Subject", message.subject)
        head += "Date: \(MIMEHeader.date(message.date))\r\n"
        head += "Message-ID: \(messageID)\r\n"
        if let inReplyTo = message.inReplyTo { head += "In-Reply-To: \(inReplyTo)\r\n" }
        if !message.references.isEmpty { head += MIMEHeader.fold("References: " + message.references.joined(separator: " ")) }
        for (name, value) in message.headers { head += MIMEHeader.line(name, value) }
        head += "MIME-Version: 1.0\r\n"
        return (Array((head + body(of: message)).utf8), messageID)
    }

    private func check(_ message: EmailMessage) throws(ConnectorError) {
        try message.from.validate(field: "from")
        for (field, list) in [("to", message.to), ("cc", message.cc), ("bcc", message.bcc), ("replyTo", message.replyTo)] {
            for (index, mailbox) in list.enumerated() { try mailbox.validate(field: "\(field)[\(index)]") }
        }
        try MIMEHeader.check(name: "Subject", value: message.subject, field: "subject")
        for (name, value) in message.headers { try MIMEHeader.check(name: name, value: value, field: "headers.\(name)") }
        for (field, value) in [("inReplyTo", message.inReplyTo ?? "")] + message.references.map({ ("references", $0) }) {
            try MIMEHeader.check(name: "References", value: value, field: field)
        }
        for (index, attachment) in message.attachments.enumerated() {
            try MIMEHeader.check(name: "Content-Type", value: attachment.contentType, field: "attachments[\(index)].contentType")
            try MIMEHeader.check(name: "Content-Disposition", value: attachment.filename, field: "attachments[\(index)].filename")
            try MIMEHeader.check(name: "Content-ID", value: attachment.contentID ?? "", field: "attachments[\(index)].contentId")
        }
    }

    /// The Content-* headers and the body, from the outermost part in.
    private func body(of message: EmailMessage) -> String {
        var text: Part?
        switch (message.text, message.html) {
        case (let plain?, let html?):
            text = multipart("alternative", [textPart(plain, subtype: "plain"), textPart(html, subtype: "html")])
        case (let plain?, nil): text = textPart(plain, subtype: "plain")
        case (nil, let html?): text = textPart(html, subtype: "html")
        case (nil, nil): text = message.attachments.isEmpty ? textPart("", subtype: "plain") : nil
        }
        let inline = message.attachments.filter { $0.contentID != nil }
        let attached = message.attachments.filter { $0.contentID == nil }
        if let body = text, !inline.isEmpty {
            text = multipart("related", [body] + inline.map(filePart))
        }
        let parts = (text.map { [$0] } ?? []) + (text == nil ? inline.map(filePart) : []) + attached.map(filePart)
        let root = parts.count == 1 ? parts[0] : multipart("mixed", parts)
        return root.headers + "\r\n" + root.content
    }

    /// One MIME entity: its Content-* header lines and its encoded content.
    private struct Part {
        var headers: String
        var content: String
    }

    private func textPart(_ text: String, subtype: String) -> Part {
        let bytes = Array(text.utf8)
        let encoding = MIMEBody.encoding(for: bytes, isText: true)
        return Part(
            headers: "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: \(encoding.rawValue)\r\n",
            content: MIMEBody.encode(bytes, as: encoding))
    }

    private func filePart(_ attachment: EmailMessage.Attachment) -> Part {
        var headers = MIMEHeader.fold("Content-Type: \(attachment.contentType); name=\(Self.parameter(attachment.filename))")
        headers += "Content-Transfer-Encoding: base64\r\n"
        let disposition = attachment.contentID == nil ? "attachment" : "inline"
        headers += MIMEHeader.fold("Content-Disposition: \(disposition); \(Self.filenameParameter(attachment.filename))")
        if let id = attachment.contentID { headers += "Content-ID: <\(id)>\r\n" }
        return Part(headers: headers, content: MIMEBody.base64Lines(attachment.data))
    }

    private func multipart(_ subtype: String, _ parts: [Part]) -> Part {
        let boundary = "=_plugboard_\(token())"
        var content = ""
        for part in parts { content += "--\(boundary)\r\n" + part.headers + "\r\n" + part.content }
        content += "--\(boundary)--\r\n"
        return Part(headers: "Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"\r\n", content: content)
    }

    /// A quoted parameter value; non-ASCII as an encoded word (what mail clients read in `name=`).
    static func parameter(_ value: String) -> String {
        MIMEHeader.isPrintableASCII(value) ? MIMEHeader.quoted(value) : "\"\(MIMEHeader.encodedText(value))\""
    }

    /// `filename="…"`, or RFC 2231's `filename*=UTF-8''…` for a name that is not ASCII.
    static func filenameParameter(_ name: String) -> String {
        guard !MIMEHeader.isPrintableASCII(name) else { return "filename=\(MIMEHeader.quoted(name))" }
        // RFC 2231's attribute characters include the unreserved ones percent-encoding keeps.
        return "filename*=UTF-8''\(PercentEncoding.queryComponent(name))"
    }
}
