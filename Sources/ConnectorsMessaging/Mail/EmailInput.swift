import Foundation
import PlugboardCore

/// A message to send as actions take it: the addresses, the subject, text and/or HTML, attachments and extra
/// headers. The smtp node's `send` and the gmail node's send, reply and drafts share it.
struct EmailInput: FieldSet {
    var from = ""
    var to: [String] = []
    var cc: [String] = []
    var bcc: [String] = []
    var replyTo: [String] = []
    var subject = ""
    var text: String?
    var html: String?
    var attachments: [AttachmentInput] = []
    var headers: FieldMap<String> = [:]
    var inReplyTo: String?
    var references: [String] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("from", \.from, title: "From", description: "The sender, such as Ada <ada@example.com>; the connector's default sender when left out.")
        Field("to", \.to, title: "To", description: "Recipients, each an address or Name <address>.")
        Field("cc", \.cc, title: "Cc")
        Field("bcc", \.bcc, title: "Bcc", description: "Recipients left out of the headers.")
        Field("replyTo", \.replyTo, title: "Reply-To")
        Field("subject", \.subject, title: "Subject", description: "Any UTF-8, one line.", required: true)
        Field("text", \.text, title: "Text body")
        Field("html", \.html, title: "HTML body", description: "With a text body too, both go as multipart/alternative.")
        Field("attachments", \.attachments, title: "Attachments")
        Field("headers", \.headers, title: "Extra headers", description: "Such as X-Campaign; values are one line.")
        Field("inReplyTo", \.inReplyTo, title: "In-Reply-To", description: "The Message-ID this message answers, for threading.")
        Field("references", \.references, title: "References", description: "Message-IDs of the thread, oldest first.")
    }

    /// The message, with `defaultFrom` when the input names no sender; every address and header checked. A draft
    /// may leave the recipients for later (`requireRecipients` false).
    func message(defaultFrom: String, requireRecipients: Bool = true) throws(ConnectorError) -> EmailMessage {
        let sender = from.isEmpty ? defaultFrom : from
        guard !sender.isEmpty else {
            throw .invalidInput("Give 'from': the connector has no default sender.", field: "from")
        }
        let parse = { (list: [String], field: String) throws(ConnectorError) -> [Mailbox] in
            var mailboxes: [Mailbox] = []
            for (index, text) in list.enumerated() { mailboxes.append(try Mailbox(parsing: text, field: "\(field)[\(index)]")) }
            return mailboxes
        }
        var message = EmailMessage(
            from: try Mailbox(parsing: sender, field: "from"), to: try parse(to, "to"), subject: subject, text: text, html: html)
        message.cc = try parse(cc, "cc")
        message.bcc = try parse(bcc, "bcc")
        message.replyTo = try parse(replyTo, "replyTo")
        guard !message.recipients.isEmpty || !requireRecipients else { throw .invalidInput("Give at least one recipient in to, cc or bcc.", field: "to") }
        message.headers = headers.pairs
        message.inReplyTo = inReplyTo
        message.references = references
        for (index, attachment) in attachments.enumerated() {
            message.attachments.append(try attachment.attachment(field: "attachments[\(index)]"))
        }
        return message
    }
}

/// One attachment as the input gives it: a file name, a content type, and the bytes as base64 or text.
struct AttachmentInput: FieldSet {
    var filename = ""
    var contentType = "application/octet-stream"
    var base64: String?
    var text: String?
    var contentID: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("filename", \.filename, title: "File name", minLength: 1, required: true)
        Field("contentType", \.contentType, title: "Content type", description: "Such as application/pdf or image/png.")
        Field("base64", \.base64, title: "Content (base64)")
        Field("text", \.text, title: "Content (text)", description: "Instead of base64, for text files; sent as UTF-8.")
        Field("contentId", \.contentID, title: "Content-ID", description: "Makes it an inline part the HTML shows with <img src=\"cid:ID\">.")
    }

    func attachment(field: String) throws(ConnectorError) -> EmailMessage.Attachment {
        let data: [UInt8]
        switch (base64, text) {
        case (let encoded?, nil):
            guard let decoded = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("The attachment's base64 is not valid.", field: "\(field).base64")
            }
            data = Array(decoded)
        case (nil, let text?): data = Array(text.utf8)
        default: throw .invalidInput("Give the attachment's content as base64 or as text (one of them).", field: field)
        }
        return EmailMessage.Attachment(filename: filename, contentType: contentType, data: data, contentID: contentID)
    }
}
