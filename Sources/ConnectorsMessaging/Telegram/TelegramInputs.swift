import ConnectorsHTTP
import Foundation
import PlugboardCore

/// How Telegram reads a message's formatting.
enum TelegramParseMode: String, FieldChoice {
    case none, markdownV2 = "MarkdownV2", html = "HTML", markdown = "Markdown"
}

/// What every sending action shares: the chat, formatting, a keyboard and a reply.
struct TelegramDelivery: FieldSet {
    var chatID = TelegramChatID()
    var parseMode = TelegramParseMode.none
    var replyMarkup: JSONValue?
    var replyToMessageID: Int?
    var disableNotification = false

    init() {}

    static let fields = FieldList<Self> {
        Field("chatId", \.chatID, title: "Chat", description: "A chat id such as 123456789 or -1001234567890, or @channelusername.", required: true)
        Field("parseMode", \.parseMode, title: "Formatting", description: "How Telegram reads the text: MarkdownV2, HTML, Markdown, or none.")
        Field("replyMarkup", \.replyMarkup, title: "Keyboard", description: "An inline_keyboard, keyboard, remove_keyboard or force_reply object, as the Bot API takes it.")
        Field("replyToMessageId", \.replyToMessageID, title: "Reply to message")
        Field("disableNotification", \.disableNotification, title: "Send silently")
    }

    /// The Bot API parameters these fields set.
    var parameters: JSONObject {
        var parameters: JSONObject = ["chat_id": chatID.fieldJSON]
        if parseMode != .none { parameters["parse_mode"] = .string(parseMode.rawValue) }
        if let replyMarkup { parameters["reply_markup"] = replyMarkup }
        if let replyToMessageID { parameters["reply_parameters"] = ["message_id": .integer(Int64(replyToMessageID))] }
        if disableNotification { parameters["disable_notification"] = true }
        return parameters
    }
}

struct TelegramSendMessageInput: FieldSet {
    var delivery = TelegramDelivery()
    var text = ""

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.delivery)
        Field("text", \.text, title: "Text", description: "1 to 4096 characters after entities are parsed.", minLength: 1, maxLength: 4096, required: true)
    }
}

/// A file to send: one Telegram already has (`fileId`), one at a URL Telegram fetches, or bytes uploaded here.
struct TelegramFileInput: FieldSet {
    var fileID: String?
    var url: String?
    var base64: String?
    var filename = "file"
    var contentType = "application/octet-stream"

    init() {}

    static let fields = FieldList<Self> {
        Field("fileId", \.fileID, title: "File id", description: "A file_id from an earlier message.")
        Field("url", \.url, title: "URL", description: "An HTTP URL Telegram downloads itself.")
        Field("base64", \.base64, title: "Content (base64)", description: "Bytes to upload (up to 50 MB; photos up to 10 MB).")
        Field("filename", \.filename, title: "File name", description: "For an upload.")
        Field("contentType", \.contentType, title: "Content type", description: "For an upload.")
    }

    enum Source {
        case reference(String)
        case upload(MultipartFormBody.Part)
    }

    /// What to send as the `field` parameter: a file id or URL as text, or an upload; exactly one must be given.
    func source(as field: String) throws(ConnectorError) -> Source {
        switch (fileID, url, base64) {
        case (let id?, nil, nil): return .reference(id)
        case (nil, let url?, nil): return .reference(url)
        case (nil, nil, let encoded?):
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("The file's base64 is not valid.", field: "file.base64")
            }
            return .upload(MultipartFormBody.Part(name: field, filename: filename, contentType: contentType, bytes: Array(data)))
        default:
            throw .invalidInput("Give the file as one of fileId, url or base64.", field: "file")
        }
    }
}

struct TelegramSendFileInput: FieldSet {
    var delivery = TelegramDelivery()
    var file = TelegramFileInput()
    var caption: String?

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.delivery)
        Field("file", \.file, title: "File", required: true)
        Field("caption", \.caption, title: "Caption", maxLength: 1024)
    }
}

struct TelegramMessageReference: FieldSet {
    var chatID = TelegramChatID()
    var messageID = 0

    init() {}

    static let fields = FieldList<Self> {
        Field("chatId", \.chatID, title: "Chat", required: true)
        Field("messageId", \.messageID, title: "Message id", minimum: 1, required: true)
    }

    var parameters: JSONObject { ["chat_id": chatID.fieldJSON, "message_id": .integer(Int64(messageID))] }
}

struct TelegramEditInput: FieldSet {
    var message = TelegramMessageReference()
    var text = ""
    var parseMode = TelegramParseMode.none
    var replyMarkup: JSONValue?

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.message)
        Field("text", \.text, title: "New text", minLength: 1, maxLength: 4096, required: true)
        Field("parseMode", \.parseMode, title: "Formatting")
        Field("replyMarkup", \.replyMarkup, title: "Inline keyboard")
    }
}

struct TelegramRelayInput: FieldSet {
    var chatID = TelegramChatID()
    var fromChatID = TelegramChatID()
    var messageID = 0
    var caption: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("chatId", \.chatID, title: "To chat", required: true)
        Field("fromChatId", \.fromChatID, title: "From chat", required: true)
        Field("messageId", \.messageID, title: "Message id", minimum: 1, required: true)
        Field("caption", \.caption, title: "New caption", description: "copy_message only.")
    }

    var parameters: JSONObject {
        ["chat_id": chatID.fieldJSON, "from_chat_id": fromChatID.fieldJSON, "message_id": .integer(Int64(messageID))]
    }
}

struct TelegramUpdatesInput: FieldSet {
    var offset: Int?
    var limit = 100
    var timeout = 0
    var allowedUpdates: [String]?

    init() {}

    static let fields = FieldList<Self> {
        Field("offset", \.offset, title: "Offset", description: "The last update_id seen plus one; earlier updates are then forgotten by Telegram.")
        Field("limit", \.limit, title: "Limit", minimum: 1, maximum: 100)
        Field("timeout", \.timeout, title: "Long poll (seconds)", description: "Wait this long for an update when there is none.", minimum: 0, maximum: 50)
        Field("allowedUpdates", \.allowedUpdates, title: "Update types", description: "Such as message, callback_query.")
    }
}

struct TelegramFileRequest: FieldSet {
    var fileID = ""
    var download = true

    init() {}

    static let fields = FieldList<Self> {
        Field("fileId", \.fileID, title: "File id", minLength: 1, required: true)
        Field("download", \.download, title: "Download", description: "Also return the file's bytes as base64 (files up to 20 MB).")
    }
}

struct TelegramCallbackAnswer: FieldSet {
    var callbackQueryID = ""
    var text: String?
    var showAlert = false

    init() {}

    static let fields = FieldList<Self> {
        Field("callbackQueryId", \.callbackQueryID, title: "Callback query id", minLength: 1, required: true)
        Field("text", \.text, title: "Notification text", maxLength: 200)
        Field("showAlert", \.showAlert, title: "Show as an alert")
    }
}

/// A chat as the Bot API takes it: a numeric id (as updates carry it) or `@channelusername`, given as a number or text.
struct TelegramChatID: FieldValue, Hashable {
    var text = ""

    static var fieldSchema: JSONObject { ["type": ["string", "integer"], "minLength": 1] }

    init() {}

    init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        switch json {
        case .string(let text) where !text.isEmpty: self.text = text
        case .integer(let id): text = String(id)
        default: throw path.typeMismatch(expected: "chat id (a number or @username)", found: json)
        }
    }

    var fieldJSON: JSONValue { Int64(text).map(JSONValue.integer) ?? .string(text) }
}
