import ConnectorsHTTP
import Foundation
import PlugboardCore

/// Who a message goes to, and the message it answers.
struct WhatsAppRecipient: FieldSet {
    var to = ""
    var replyTo: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("to", \.to, title: "To", description: "The recipient's number in international form, digits only, such as 4915112345678.", minLength: 5, required: true)
        Field("replyTo", \.replyTo, title: "Reply to", description: "The id (wamid…) of the message this one answers.")
    }

    /// The body's common members: `recipient_type`, `to`, and `context` for a reply.
    func body(type: String) throws(ConnectorError) -> JSONObject {
        let digits = to.hasPrefix("+") ? String(to.dropFirst()) : to
        guard digits.allSatisfy(\.isNumber) else { throw .invalidInput("'to' is a phone number: digits, with an optional leading +.", field: "to") }
        var body: JSONObject = ["recipient_type": "individual", "to": .string(digits), "type": .string(type)]
        if let replyTo { body["context"] = ["message_id": .string(replyTo)] }
        return body
    }
}

struct WhatsAppTextInput: FieldSet {
    var recipient = WhatsAppRecipient()
    var text = ""
    var previewURL = false

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.recipient)
        Field("text", \.text, title: "Text", minLength: 1, maxLength: 4096, required: true)
        Field("previewUrl", \.previewURL, title: "Preview links")
    }
}

struct WhatsAppTemplateInput: FieldSet {
    var recipient = WhatsAppRecipient()
    var name = ""
    var language = "en_US"
    var components: [JSONValue] = []

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.recipient)
        Field("name", \.name, title: "Template", description: "An approved template's name.", minLength: 1, required: true)
        Field("language", \.language, title: "Language code", description: "Such as en_US or de.")
        Field("components", \.components, title: "Components", description: "header, body and button parameters, as the Cloud API takes them.")
    }
}

struct WhatsAppMediaInput: FieldSet {
    enum Kind: String, FieldChoice { case image, document, audio, video }

    var recipient = WhatsAppRecipient()
    var kind = Kind.image
    var mediaID: String?
    var link: String?
    var caption: String?
    var filename: String?

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.recipient)
        Field("kind", \.kind, title: "Kind", required: true)
        Field("mediaId", \.mediaID, title: "Media id", description: "An id from upload_media.")
        Field("link", \.link, title: "Link", description: "An HTTPS URL the provider fetches.")
        Field("caption", \.caption, title: "Caption", description: "Not for audio.")
        Field("filename", \.filename, title: "File name", description: "Documents only.")
    }
}

struct WhatsAppInteractiveInput: FieldSet {
    var recipient = WhatsAppRecipient()
    var interactive: FieldMap<JSONValue> = [:]

    init() {}

    static let fields = FieldList<Self> {
        FieldGroup(\.recipient)
        Field(
            "interactive", \.interactive, title: "Interactive message",
            description: "{type: button|list, body: {text}, action: {buttons | button, sections}}, as the Cloud API takes it.", required: true)
    }
}

struct WhatsAppReadInput: FieldSet {
    var messageID = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("messageId", \.messageID, title: "Message id", description: "The wamid… of a received message.", minLength: 1, required: true)
    }
}

struct WhatsAppUploadInput: FieldSet {
    var base64 = ""
    var filename = "file"
    var contentType = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("base64", \.base64, title: "Content (base64)", minLength: 1, required: true)
        Field("filename", \.filename, title: "File name")
        Field("contentType", \.contentType, title: "Content type", description: "Such as image/jpeg or application/pdf.", minLength: 3, required: true)
    }
}
