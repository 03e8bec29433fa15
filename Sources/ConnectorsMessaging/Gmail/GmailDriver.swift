import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `gmail` node: a Gmail mailbox through the Gmail API with an OAuth2 credential: search and read messages and
/// threads, send and reply in a thread (messages written by our MIME writer), labels, trash, drafts and attachments.
public struct GmailDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "gmail", category: "Email and messaging", displayName: "Gmail",
        description: """
            Read, search, send and organise a Gmail mailbox through the Gmail API: messages and threads (bodies and \
            headers decoded), send and reply in a thread, labels, trash, drafts and attachments. Link an OAuth2 \
            credential signed in with Connect (scopes such as https://mail.google.com/); tokens are refreshed by \
            Plugboard and never shown. Google's rate limits map to rate_limited.
            """,
        credentialKinds: [.oauth2, .bearerToken], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<GmailSession>] {
        [
            Self.listMessages, Self.getMessage, Self.send, Self.reply, Self.modifyLabels, Self.trash, Self.untrash, Self.deleteMessage,
            Self.listThreads, Self.getThread, Self.createDraft, Self.sendDraft, Self.getAttachment, Self.listLabels, Self.createLabel,
        ]
    }

    public func openSession(_ configuration: GmailConfiguration, context: SessionContext) async throws -> GmailSession {
        GmailSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// Reads the mailbox's profile: its address and message count. Changes nothing.
    public func test(_ session: GmailSession, context: CallContext) async throws -> JSONValue {
        let profile = try await session.profile(context: context)
        return ["emailAddress": profile["emailAddress"] ?? .null, "messagesTotal": profile["messagesTotal"] ?? .null]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let sends = ActionAnnotations(readOnly: false, destructive: false, idempotent: false)
    static let changes = ActionAnnotations(readOnly: false, destructive: false, idempotent: true)
    static let loose = Schema.object([:], additionalProperties: true)
    static let message = Schema.object(
        ["id": Schema.string(), "threadId": Schema.string(), "labelIds": Schema.array(Schema.string()), "snippet": Schema.string(),
         "decoded": Schema.object([:], additionalProperties: true, description: "headers by name, text, html and attachments.")],
        required: ["id"], additionalProperties: true)
    static let sent = Schema.object(
        ["id": Schema.string(), "threadId": Schema.string(), "labelIds": Schema.array(Schema.string()), "messageId": Schema.string()],
        required: ["id"], additionalProperties: true)

    static let listMessages = ConnectorAction<GmailSession>(
        name: "list_messages", title: "Search messages",
        description: "Message ids (with their thread ids), newest first, matching a Gmail search and labels; one page, with nextPageToken.",
        annotations: reads, input: GmailListInput.self,
        outputSchema: Schema.object(
            ["messages": Schema.array(Schema.object(["id": Schema.string(), "threadId": Schema.string()])),
             "nextPageToken": Schema.string(), "resultSizeEstimate": Schema.integer()], additionalProperties: true)
    ) { session, input, context in
        let labels = try await session.labelIDs(input.labels, field: "labels", context: context)
        return try await session.get("/messages", input.parameters(labelIDs: labels), context: context)
    }

    static let getMessage = ConnectorAction<GmailSession>(
        name: "get_message", title: "Read a message",
        description: "A message in the chosen format; full and metadata add decoded: the headers by name, the text and HTML bodies, and the attachments.",
        annotations: reads, input: GmailGetInput.self, outputSchema: message
    ) { session, input, context in
        GmailMessageReader.read(try await session.get("/messages/\(try GmailDriver.id(input.id))", input.parameters, context: context))
    }

    static let send = ConnectorAction<GmailSession>(
        name: "send", title: "Send a message",
        description: "Writes the message (UTF-8 names and subject, text and/or HTML, attachments, inline images) and sends it as the signed-in user.",
        annotations: sends, input: GmailComposeInput.self, outputSchema: sent
    ) { session, input, context in
        let sender = input.email.from.isEmpty ? try await session.emailAddress(context: context) : input.email.from
        let (raw, messageID) = try MIMEWriter(writesBcc: true).write(try input.email.message(defaultFrom: sender))
        return GmailDriver.withMessageID(try await session.submit("/messages/send", raw: raw, threadID: input.threadID, context: context), messageID)
    }

    static let reply = ConnectorAction<GmailSession>(
        name: "reply", title: "Reply in the thread",
        description: "Answers a message in its thread: to its Reply-To or sender (and with replyAll its other recipients), Re: subject, In-Reply-To and References set.",
        annotations: sends, input: GmailReplyInput.self, outputSchema: sent
    ) { session, input, context in
        try await GmailReply.send(input, session: session, context: context)
    }

    static let modifyLabels = ConnectorAction<GmailSession>(
        name: "modify_labels", title: "Change labels",
        description: "Adds and removes labels on a message: remove UNREAD to mark it read, INBOX to archive, add STARRED to star it.",
        annotations: changes, input: GmailModifyInput.self, outputSchema: message
    ) { session, input, context in
        let add = try await session.labelIDs(input.add, field: "add", context: context)
        let remove = try await session.labelIDs(input.remove, field: "remove", context: context)
        guard !add.isEmpty || !remove.isEmpty else { throw ConnectorError.invalidInput("Give labels to add or to remove.", field: "add") }
        return try await session.post(
            "/messages/\(try GmailDriver.id(input.id))/modify",
            ["addLabelIds": .array(add.map { .string($0) }), "removeLabelIds": .array(remove.map { .string($0) })], context: context)
    }

    static let trash = ConnectorAction<GmailSession>(
        name: "trash", title: "Move to trash", description: "Moves a message to the trash (Gmail deletes it after 30 days).",
        annotations: changes, input: GmailIDInput.self, outputSchema: message
    ) { session, input, context in
        try await session.post("/messages/\(try GmailDriver.id(input.id))/trash", context: context)
    }

    static let untrash = ConnectorAction<GmailSession>(
        name: "untrash", title: "Restore from trash", description: "Takes a message out of the trash.",
        annotations: changes, input: GmailIDInput.self, outputSchema: message
    ) { session, input, context in
        try await session.post("/messages/\(try GmailDriver.id(input.id))/untrash", context: context)
    }

    static let deleteMessage = ConnectorAction<GmailSession>(
        name: "delete_message", title: "Delete for good",
        description: "Deletes a message at once, without the trash; it cannot be undone. Needs the https://mail.google.com/ scope.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: GmailIDInput.self,
        outputSchema: Schema.object(["deleted": Schema.string()], required: ["deleted"])
    ) { session, input, context in
        try await session.delete("/messages/\(try GmailDriver.id(input.id))", context: context)
        return ["deleted": .string(input.id)]
    }

    static let listThreads = ConnectorAction<GmailSession>(
        name: "list_threads", title: "Search threads", description: "Thread ids with a snippet, newest first, matching a Gmail search and labels; one page.",
        annotations: reads, input: GmailListInput.self, outputSchema: loose
    ) { session, input, context in
        let labels = try await session.labelIDs(input.labels, field: "labels", context: context)
        return try await session.get("/threads", input.parameters(labelIDs: labels), context: context)
    }

    static let getThread = ConnectorAction<GmailSession>(
        name: "get_thread", title: "Read a thread", description: "A thread's messages, oldest first, each decoded as get_message does.",
        annotations: reads, input: GmailGetInput.self,
        outputSchema: Schema.object(["id": Schema.string(), "messages": Schema.array(message)], required: ["id"], additionalProperties: true)
    ) { session, input, context in
        guard var thread = try await session.get("/threads/\(try GmailDriver.id(input.id))", input.parameters, context: context).objectValue else {
            return .null
        }
        thread["messages"] = .array((thread["messages"]?.arrayValue ?? []).map(GmailMessageReader.read))
        return .object(thread)
    }

    static let createDraft = ConnectorAction<GmailSession>(
        name: "create_draft", title: "Create a draft", description: "Keeps a written message as a draft (recipients may come later); send_draft sends it.",
        annotations: sends, input: GmailComposeInput.self, outputSchema: loose
    ) { session, input, context in
        let sender = input.email.from.isEmpty ? try await session.emailAddress(context: context) : input.email.from
        let (raw, _) = try MIMEWriter(writesBcc: true).write(try input.email.message(defaultFrom: sender, requireRecipients: false))
        return try await session.submit("/drafts", raw: raw, threadID: input.threadID, wrapInMessage: true, context: context)
    }

    static let sendDraft = ConnectorAction<GmailSession>(
        name: "send_draft", title: "Send a draft", description: "Sends a draft as it is; the draft is gone afterwards.",
        annotations: sends, input: GmailIDInput.self, outputSchema: sent
    ) { session, input, context in
        try await session.post("/drafts/send", ["id": .string(try GmailDriver.id(input.id))], context: context)
    }

    static let getAttachment = ConnectorAction<GmailSession>(
        name: "get_attachment", title: "Download an attachment", description: "An attachment's bytes as base64, and its size.",
        annotations: reads, input: GmailAttachmentInput.self,
        outputSchema: Schema.object(["size": Schema.integer(), "base64": Schema.string()], required: ["base64"])
    ) { session, input, context in
        let answer = try await session.get(
            "/messages/\(try GmailDriver.id(input.messageID))/attachments/\(try GmailDriver.id(input.attachmentID))", context: context)
        guard let bytes = answer["data"]?.stringValue.flatMap(Base64URL.decode) else {
            throw ConnectorError(.upstreamError, message: "Gmail sent an attachment without readable data.")
        }
        return ["size": .integer(Int64(bytes.count)), "base64": .string(Data(bytes).base64EncodedString())]
    }

    static let listLabels = ConnectorAction<GmailSession>(
        name: "list_labels", title: "List labels", description: "The mailbox's system and user labels with their ids.",
        annotations: reads, input: NoInput.self,
        outputSchema: Schema.object(["labels": Schema.array(Schema.object(["id": Schema.string(), "name": Schema.string(), "type": Schema.string()], additionalProperties: true))], additionalProperties: true)
    ) { session, _, context in
        try await session.get("/labels", context: context)
    }

    static let createLabel = ConnectorAction<GmailSession>(
        name: "create_label", title: "Create a label", description: "A user label; a name that exists already is refused with already_exists.",
        annotations: sends, input: GmailLabelInput.self,
        outputSchema: Schema.object(["id": Schema.string(), "name": Schema.string()], required: ["id"], additionalProperties: true)
    ) { session, input, context in
        try await session.post("/labels", [
            "name": .string(input.name), "labelListVisibility": .string(input.labelListVisibility.rawValue),
            "messageListVisibility": .string(input.messageListVisibility.rawValue),
        ], context: context)
    }

    /// An id for a path: Gmail's ids are letters, digits, `-` and `_`; anything else is refused before it is sent.
    static func id(_ text: String) throws(ConnectorError) -> String {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw .invalidInput("'\(text)' is not a Gmail id (letters, digits, - and _).", field: "id")
        }
        return text
    }

    static func withMessageID(_ answer: JSONValue, _ messageID: String) -> JSONValue {
        guard var object = answer.objectValue else { return answer }
        object["messageId"] = .string(messageID)
        return .object(object)
    }
}
