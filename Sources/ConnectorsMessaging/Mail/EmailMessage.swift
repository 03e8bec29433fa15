import Foundation

/// One message to send, before it is written as MIME: who, what, and the parts.
public struct EmailMessage: Sendable {
    public var from: Mailbox
    public var to: [Mailbox]
    public var cc: [Mailbox] = []
    /// Receives the message without appearing in any header.
    public var bcc: [Mailbox] = []
    public var replyTo: [Mailbox] = []
    public var subject: String
    public var text: String?
    public var html: String?
    public var attachments: [Attachment] = []
    /// Extra headers, in order; names and values are checked before anything is written.
    public var headers: [(String, String)] = []
    /// `In-Reply-To` and `References`, for a reply in a thread.
    public var inReplyTo: String?
    public var references: [String] = []
    /// `<id@domain>`; made from the sender's domain when nil.
    public var messageID: String?
    public var date = Date()

    public init(from: Mailbox, to: [Mailbox], subject: String, text: String? = nil, html: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// A file sent with the message; with a content id, an inline part the HTML refers to as `cid:ID`.
    public struct Attachment: Sendable, Hashable {
        public var filename: String
        public var contentType: String
        public var data: [UInt8]
        public var contentID: String?

        public init(filename: String, contentType: String, data: [UInt8], contentID: String? = nil) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
            self.contentID = contentID
        }
    }

    /// Every recipient of the envelope: to, cc and bcc, each address once.
    public var recipients: [Mailbox] {
        var seen = Set<String>()
        return (to + cc + bcc).filter { seen.insert($0.address.lowercased()).inserted }
    }
}
