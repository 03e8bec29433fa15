import ConnectorsHTTP
import PlugboardCore

/// `reply`: reads the message's headers, answers its Reply-To (or sender) with `Re:` before its subject, sets
/// In-Reply-To and References so every mail program threads it, and sends it in the message's Gmail thread.
enum GmailReply {
    static let headers = ["Subject", "From", "Reply-To", "To", "Cc", "Message-ID", "References"]

    static func send(_ input: GmailReplyInput, session: GmailSession, context: CallContext) async throws -> JSONValue {
        let original = try await session.get(
            "/messages/\(try GmailDriver.id(input.messageID))", [("format", "metadata")] + headers.map { ("metadataHeaders", $0) }, context: context)
        let me = try await session.emailAddress(context: context)
        let header = { (name: String) in GmailMessageReader.header(name, of: original) }
        let answerTo = Mailbox.list(parsing: header("Reply-To") ?? header("From") ?? "")
        guard !answerTo.isEmpty else {
            throw ConnectorError.invalidInput("The message has no sender to answer.", field: "messageId")
        }
        var message = EmailMessage(from: Mailbox(address: me), to: answerTo, subject: subject(answering: header("Subject") ?? ""), text: input.text, html: input.html)
        guard input.text != nil || input.html != nil else { throw ConnectorError.invalidInput("Give the reply's text or html.", field: "text") }
        let own = Set([me.lowercased()] + answerTo.map { $0.address.lowercased() })
        var cc = input.replyAll ? Mailbox.list(parsing: [header("To"), header("Cc")].compactMap { $0 }.joined(separator: ",")) : []
        cc = cc.filter { !own.contains($0.address.lowercased()) }
        for (index, text) in input.cc.enumerated() { cc.append(try Mailbox(parsing: text, field: "cc[\(index)]")) }
        message.cc = cc
        for (index, text) in input.bcc.enumerated() { message.bcc.append(try Mailbox(parsing: text, field: "bcc[\(index)]")) }
        if let messageID = header("Message-ID") {
            message.inReplyTo = messageID
            message.references = (header("References") ?? "").split(whereSeparator: \.isWhitespace).map(String.init) + [messageID]
        }
        for (index, attachment) in input.attachments.enumerated() {
            message.attachments.append(try attachment.attachment(field: "attachments[\(index)]"))
        }
        let (raw, messageID) = try MIMEWriter(writesBcc: true).write(message)
        let sent = try await session.submit("/messages/send", raw: raw, threadID: original["threadId"]?.stringValue, context: context)
        return GmailDriver.withMessageID(sent, messageID)
    }

    /// `Re: subject`, unless the subject already starts with Re: (in any case).
    static func subject(answering subject: String) -> String {
        subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject
    }
}
