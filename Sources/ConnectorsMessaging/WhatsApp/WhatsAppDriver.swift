import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `whatsapp` node: business messages through Meta's WhatsApp Cloud API or 360dialog.
public struct WhatsAppDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "whatsapp", category: "Email and messaging", displayName: "WhatsApp Business",
        description: """
            Send WhatsApp messages through Meta's Cloud API or 360dialog: text, approved templates with parameters, \
            images, documents, audio and video (by link or uploaded media id), and interactive buttons or lists; mark \
            messages read and upload media. Meta's errors map to the taxonomy, its rate limits to rate_limited. The \
            access token or API key is the linked credential and never shown.
            """,
        credentialKinds: [.bearerToken, .apiKey], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<WhatsAppSession>] {
        [Self.sendText, Self.sendTemplate, Self.sendMedia, Self.sendInteractive, Self.markRead, Self.uploadMedia]
    }

    public func openSession(_ configuration: WhatsAppConfiguration, context: SessionContext) async throws -> WhatsAppSession {
        WhatsAppSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// Meta: reads the phone number (its display number and quality); 360dialog: reads the webhook settings. Sends nothing.
    public func test(_ session: WhatsAppSession, context: CallContext) async throws -> JSONValue {
        let path = session.configuration.provider == .meta ? "" : "/v1/configs/webhook"
        let answer = try await session.client.sendJSON(HTTPServiceRequest("GET", path), context: context)
        return ["provider": .string(session.configuration.provider.rawValue), "phoneNumber": answer["display_phone_number"] ?? .null]
    }

    static let sent = Schema.object(
        [
            "messaging_product": Schema.string(), "contacts": Schema.array(Schema.object(["input": Schema.string(), "wa_id": Schema.string()])),
            "messages": Schema.array(Schema.object(["id": Schema.string()], additionalProperties: true)),
        ], required: ["messages"], additionalProperties: true)
    static let sends = ActionAnnotations(readOnly: false, destructive: false, idempotent: false)

    static let sendText = ConnectorAction<WhatsAppSession>(
        name: "send_text", title: "Send a text",
        description: "A text message (inside the 24-hour service window; outside it, send a template). Returns the message id (wamid…).",
        annotations: sends, input: WhatsAppTextInput.self, outputSchema: sent
    ) { session, input, context in
        var body = try input.recipient.body(type: "text")
        body["text"] = ["body": .string(input.text), "preview_url": .bool(input.previewURL)]
        return try await session.message(body, context: context)
    }

    static let sendTemplate = ConnectorAction<WhatsAppSession>(
        name: "send_template", title: "Send a template",
        description: "An approved template with its language and component parameters; starts a conversation outside the service window.",
        annotations: sends, input: WhatsAppTemplateInput.self, outputSchema: sent
    ) { session, input, context in
        var body = try input.recipient.body(type: "template")
        var template: JSONObject = ["name": .string(input.name), "language": ["code": .string(input.language)]]
        if !input.components.isEmpty { template["components"] = .array(input.components) }
        body["template"] = .object(template)
        return try await session.message(body, context: context)
    }

    static let sendMedia = ConnectorAction<WhatsAppSession>(
        name: "send_media", title: "Send media",
        description: "An image, document, audio or video, by an uploaded media id or a link, with a caption (and a file name for documents).",
        annotations: sends, input: WhatsAppMediaInput.self, outputSchema: sent
    ) { session, input, context in
        var media: JSONObject = [:]
        switch (input.mediaID, input.link) {
        case (let id?, nil): media["id"] = .string(id)
        case (nil, let link?): media["link"] = .string(link)
        default: throw ConnectorError.invalidInput("Give the media as mediaId or link (one of them).", field: "mediaId")
        }
        if let caption = input.caption, input.kind != .audio { media["caption"] = .string(caption) }
        if let filename = input.filename, input.kind == .document { media["filename"] = .string(filename) }
        var body = try input.recipient.body(type: input.kind.rawValue)
        body[input.kind.rawValue] = .object(media)
        return try await session.message(body, context: context)
    }

    static let sendInteractive = ConnectorAction<WhatsAppSession>(
        name: "send_interactive", title: "Send buttons or a list",
        description: "An interactive message: up to three reply buttons, or a list of sections and rows.",
        annotations: sends, input: WhatsAppInteractiveInput.self, outputSchema: sent
    ) { session, input, context in
        var body = try input.recipient.body(type: "interactive")
        body["interactive"] = .object(input.interactive.object)
        return try await session.message(body, context: context)
    }

    static let markRead = ConnectorAction<WhatsAppSession>(
        name: "mark_read", title: "Mark as read", description: "Marks a received message (and those before it) as read: blue ticks.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: WhatsAppReadInput.self,
        outputSchema: Schema.object(["success": Schema.boolean()], additionalProperties: true)
    ) { session, input, context in
        try await session.message(["status": "read", "message_id": .string(input.messageID)], context: context)
    }

    static let uploadMedia = ConnectorAction<WhatsAppSession>(
        name: "upload_media", title: "Upload media", description: "Uploads a file and returns its media id, for send_media.",
        annotations: sends, input: WhatsAppUploadInput.self, outputSchema: Schema.object(["id": Schema.string()], required: ["id"])
    ) { session, input, context in
        guard let data = Data(base64Encoded: input.base64, options: .ignoreUnknownCharacters) else {
            throw ConnectorError.invalidInput("The content's base64 is not valid.", field: "base64")
        }
        let part = MultipartFormBody.Part(name: "file", filename: input.filename, contentType: input.contentType, bytes: Array(data))
        return try await session.upload(part, type: input.contentType, context: context)
    }
}
