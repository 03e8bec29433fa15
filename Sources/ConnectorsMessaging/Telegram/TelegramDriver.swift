import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `telegram` node: a bot acting through the Bot API. The token is the credential; it travels in the URL path,
/// so it is masked in every URL, error and log line.
public struct TelegramDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "telegram", category: "Email and messaging", displayName: "Telegram bot",
        description: """
            Act as a Telegram bot: send messages, photos and documents (a file id, a URL or an upload), edit, delete, \
            forward and copy messages, answer button presses, read updates and download files. Flood control (429) is \
            waited out as Telegram asks; a group that became a supergroup is reported with its new id. The bot token \
            from @BotFather is the linked credential and never shown.
            """,
        credentialKinds: [.apiKey, .bearerToken], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<TelegramSession>] {
        [
            Self.getMe, Self.sendMessage, Self.sendFile("send_photo", "photo", title: "Send a photo"),
            Self.sendFile("send_document", "document", title: "Send a document"), Self.editMessageText, Self.deleteMessage,
            Self.relay("forward_message", method: "forwardMessage", title: "Forward a message"),
            Self.relay("copy_message", method: "copyMessage", title: "Copy a message"), Self.getUpdates, Self.getFile,
            Self.answerCallbackQuery, Self.deleteWebhook,
        ]
    }

    public func openSession(_ configuration: TelegramConfiguration, context: SessionContext) async throws -> TelegramSession {
        TelegramSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// getMe: the token is valid, and which bot it is.
    public func test(_ session: TelegramSession, context: CallContext) async throws -> JSONValue {
        let me = try await session.call("getMe", [:], context: context)
        return ["bot": me["username"] ?? .null, "id": me["id"] ?? .null]
    }

    static let message = Schema.object([:], additionalProperties: true, description: "The Bot API's Message object.")
    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let sends = ActionAnnotations(readOnly: false, destructive: false, idempotent: false)

    static let getMe = ConnectorAction<TelegramSession>(
        name: "get_me", title: "Who is the bot", description: "The bot's id, name and username (getMe).", annotations: reads,
        input: NoInput.self, outputSchema: Schema.object([:], additionalProperties: true)
    ) { session, _, context in
        try await session.call("getMe", [:], context: context)
    }

    static let deleteWebhook = ConnectorAction<TelegramSession>(
        name: "delete_webhook", title: "Remove the webhook",
        description: "Stops Telegram pushing updates to a webhook (deleteWebhook), so getUpdates and the updates trigger work again.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: NoInput.self,
        outputSchema: Schema.object(["removed": Schema.boolean()], required: ["removed"])
    ) { session, _, context in
        ["removed": try await session.call("deleteWebhook", [:], context: context)]
    }

    static let sendMessage = ConnectorAction<TelegramSession>(
        name: "send_message", title: "Send a message",
        description: "Sends text to a chat, with optional formatting, keyboard and reply (sendMessage). Returns the sent Message.",
        annotations: sends, input: TelegramSendMessageInput.self, outputSchema: message
    ) { session, input, context in
        var parameters = input.delivery.parameters
        parameters["text"] = .string(input.text)
        return try await session.call("sendMessage", parameters, context: context)
    }

    static func sendFile(_ name: String, _ field: String, title: String) -> ConnectorAction<TelegramSession> {
        let method = field == "photo" ? "sendPhoto" : "sendDocument"
        return ConnectorAction<TelegramSession>(
            name: name, title: title,
            description: "\(title) (\(method)): by file id, by URL (Telegram fetches it), or uploaded from base64. Returns the sent Message.",
            annotations: sends, input: TelegramSendFileInput.self, outputSchema: message
        ) { session, input, context in
            var parameters = input.delivery.parameters
            if let caption = input.caption { parameters["caption"] = .string(caption) }
            switch try input.file.source(as: field) {
            case .reference(let reference):
                parameters[field] = .string(reference)
                return try await session.call(method, parameters, context: context)
            case .upload(let part):
                return try await session.upload(method, parameters, file: part, context: context)
            }
        }
    }

    static let editMessageText = ConnectorAction<TelegramSession>(
        name: "edit_message_text", title: "Edit a message", description: "Replaces a message's text (editMessageText).",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: TelegramEditInput.self,
        outputSchema: Schema.any()
    ) { session, input, context in
        var parameters = input.message.parameters
        parameters["text"] = .string(input.text)
        if input.parseMode != .none { parameters["parse_mode"] = .string(input.parseMode.rawValue) }
        if let markup = input.replyMarkup { parameters["reply_markup"] = markup }
        return try await session.call("editMessageText", parameters, context: context)
    }

    static let deleteMessage = ConnectorAction<TelegramSession>(
        name: "delete_message", title: "Delete a message", description: "Deletes a message (deleteMessage).",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: TelegramMessageReference.self,
        outputSchema: Schema.any()
    ) { session, input, context in
        try await session.call("deleteMessage", input.parameters, context: context)
    }

    static func relay(_ name: String, method: String, title: String) -> ConnectorAction<TelegramSession> {
        ConnectorAction<TelegramSession>(
            name: name, title: title, description: "\(title) from one chat to another (\(method)).", annotations: sends,
            input: TelegramRelayInput.self, outputSchema: Schema.object([:], additionalProperties: true)
        ) { session, input, context in
            var parameters = input.parameters
            if method == "copyMessage", let caption = input.caption { parameters["caption"] = .string(caption) }
            return try await session.call(method, parameters, context: context)
        }
    }

    static let getUpdates = ConnectorAction<TelegramSession>(
        name: "get_updates", title: "Read updates",
        description: "Incoming updates (getUpdates), oldest first; pass the last update_id plus one as offset to confirm them. Not while a webhook is set.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: TelegramUpdatesInput.self,
        outputSchema: Schema.array(Schema.object([:], additionalProperties: true))
    ) { session, input, context in
        var parameters: JSONObject = ["limit": .integer(Int64(input.limit)), "timeout": .integer(Int64(input.timeout))]
        if let offset = input.offset { parameters["offset"] = .integer(Int64(offset)) }
        if let types = input.allowedUpdates { parameters["allowed_updates"] = .array(types.map(JSONValue.string)) }
        return try await session.call("getUpdates", parameters, context: context)
    }

    static let getFile = ConnectorAction<TelegramSession>(
        name: "get_file", title: "Get a file",
        description: "A file's path and size (getFile) and, unless download is false, its bytes as base64.",
        annotations: reads, input: TelegramFileRequest.self,
        outputSchema: Schema.object(
            ["file": Schema.object([:], additionalProperties: true), "base64": ["type": ["string", "null"]]], required: ["file"])
    ) { session, input, context in
        let file = try await session.call("getFile", ["file_id": .string(input.fileID)], context: context)
        guard input.download, let path = file["file_path"]?.stringValue else { return ["file": file, "base64": .null] }
        let bytes = try await session.download(path, context: context)
        return ["file": file, "base64": .string(Data(bytes).base64EncodedString())]
    }

    static let answerCallbackQuery = ConnectorAction<TelegramSession>(
        name: "answer_callback_query", title: "Answer a button press",
        description: "Answers a callback query from an inline keyboard button (answerCallbackQuery), optionally with a notification.",
        annotations: sends, input: TelegramCallbackAnswer.self, outputSchema: Schema.any()
    ) { session, input, context in
        var parameters: JSONObject = ["callback_query_id": .string(input.callbackQueryID)]
        if let text = input.text { parameters["text"] = .string(text) }
        if input.showAlert { parameters["show_alert"] = true }
        return try await session.call("answerCallbackQuery", parameters, context: context)
    }
}
