import ConnectorsHTTP
import Foundation
import PlugboardCore

/// A search over messages or threads: Gmail's query syntax, labels, and one page.
struct GmailListInput: FieldSet {
    var query: String?
    var labels: [String] = []
    var maxResults = 50
    var pageToken: String?
    var includeSpamTrash = false

    init() {}

    static let fields = FieldList<Self> {
        Field("query", \.query, title: "Search", description: "Gmail's search syntax, such as from:ada@example.com is:unread newer_than:7d.")
        Field("labels", \.labels, title: "Labels", description: "Only with all of these labels: ids or names, such as INBOX or Invoices.")
        Field("maxResults", \.maxResults, title: "Page size", minimum: 1, maximum: 500)
        Field("pageToken", \.pageToken, title: "Page token", description: "nextPageToken from the previous page.")
        Field("includeSpamTrash", \.includeSpamTrash, title: "Include spam and trash")
    }

    func parameters(labelIDs: [String]) -> [(String, String)] {
        var query: [(String, String)] = [("maxResults", String(maxResults))]
        if let search = self.query, !search.isEmpty { query.append(("q", search)) }
        query += labelIDs.map { ("labelIds", $0) }
        if let pageToken { query.append(("pageToken", pageToken)) }
        if includeSpamTrash { query.append(("includeSpamTrash", "true")) }
        return query
    }
}

/// How much of a message Gmail returns.
enum GmailFormat: String, FieldChoice { case full, metadata, minimal, raw }

struct GmailGetInput: FieldSet {
    var id = ""
    var format = GmailFormat.full
    var metadataHeaders: [String] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", minLength: 1, required: true)
        Field(
            "format", \.format, title: "Format",
            description: "full (headers, bodies decoded, attachments listed), metadata (headers only), minimal (ids and labels) or raw (the RFC 822 bytes, base64url).")
        Field("metadataHeaders", \.metadataHeaders, title: "Headers", description: "With metadata: only these headers, such as Subject and From.")
    }

    var parameters: [(String, String)] {
        [("format", format.rawValue)] + (format == .metadata ? metadataHeaders.map { ("metadataHeaders", $0) } : [])
    }
}

/// A message to send or keep as a draft, in a thread when `threadId` is given.
struct GmailComposeInput: FieldSet {
    var email = EmailInput()
    var threadID: String?

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.email)
        Field("threadId", \.threadID, title: "Thread", description: "Adds the message to this thread; set inReplyTo and references as well, and keep the subject.")
    }
}

/// An answer to a message: its sender (and with `replyAll` its other recipients), its subject, in its thread.
struct GmailReplyInput: FieldSet {
    var messageID = ""
    var text: String?
    var html: String?
    var attachments: [AttachmentInput] = []
    var replyAll = false
    var cc: [String] = []
    var bcc: [String] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("messageId", \.messageID, title: "Message", description: "The id of the message to answer.", minLength: 1, required: true)
        Field("text", \.text, title: "Text body")
        Field("html", \.html, title: "HTML body")
        Field("attachments", \.attachments, title: "Attachments")
        Field("replyAll", \.replyAll, title: "Reply to all", description: "Also to the message's other To and Cc recipients.")
        Field("cc", \.cc, title: "Cc", description: "More recipients.")
        Field("bcc", \.bcc, title: "Bcc")
    }
}

struct GmailModifyInput: FieldSet {
    var id = ""
    var add: [String] = []
    var remove: [String] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Message", minLength: 1, required: true)
        Field("add", \.add, title: "Add labels", description: "Ids or names, such as STARRED or Invoices.")
        Field("remove", \.remove, title: "Remove labels", description: "Ids or names; remove UNREAD to mark it read, INBOX to archive it.")
    }
}

struct GmailIDInput: FieldSet {
    var id = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", minLength: 1, required: true)
    }
}

struct GmailAttachmentInput: FieldSet {
    var messageID = ""
    var attachmentID = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("messageId", \.messageID, title: "Message", minLength: 1, required: true)
        Field("attachmentId", \.attachmentID, title: "Attachment", description: "From get_message's decoded.attachments.", minLength: 1, required: true)
    }
}

struct GmailLabelInput: FieldSet {
    enum ListVisibility: String, FieldChoice { case labelShow, labelShowIfUnread, labelHide }
    enum MessageVisibility: String, FieldChoice { case show, hide }

    var name = ""
    var labelListVisibility = ListVisibility.labelShow
    var messageListVisibility = MessageVisibility.show

    init() {}

    static let fields = FieldList<Self> {
        Field("name", \.name, title: "Name", description: "Nested labels use /, such as Clients/Acme.", minLength: 1, maxLength: 225, required: true)
        Field("labelListVisibility", \.labelListVisibility, title: "In the label list")
        Field("messageListVisibility", \.messageListVisibility, title: "In the message list")
    }
}
