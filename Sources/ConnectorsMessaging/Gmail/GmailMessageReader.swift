import Foundation
import PlugboardCore

/// Gmail's Message resource made easy to use: the common headers by name, the text and HTML bodies decoded, and
/// the attachments listed with the ids `get_attachment` takes. The resource itself is kept as Gmail sent it.
enum GmailMessageReader {
    /// Headers surfaced by name (as `subject`, `from`, …), the first of each.
    static let surfaced = [
        ("Subject", "subject"), ("From", "from"), ("To", "to"), ("Cc", "cc"), ("Reply-To", "replyTo"), ("Date", "date"),
        ("Message-ID", "messageId"), ("In-Reply-To", "inReplyTo"), ("References", "references"),
    ]

    /// `message` with `decoded` added: `headers`, `text`, `html` and `attachments` (when the format had a payload).
    static func read(_ message: JSONValue) -> JSONValue {
        guard var object = message.objectValue, let payload = message["payload"] else { return message }
        var decoded: JSONObject = ["headers": .object(headers(of: payload))]
        var text: [String] = []
        var html: [String] = []
        var attachments: [JSONValue] = []
        walk(payload, text: &text, html: &html, attachments: &attachments)
        decoded["text"] = text.isEmpty ? .null : .string(text.joined(separator: "\n"))
        decoded["html"] = html.isEmpty ? .null : .string(html.joined(separator: "\n"))
        decoded["attachments"] = .array(attachments)
        object["decoded"] = .object(decoded)
        return .object(object)
    }

    static func headers(of payload: JSONValue) -> JSONObject {
        let all = payload["headers"]?.arrayValue ?? []
        var result = JSONObject()
        for (name, key) in surfaced {
            if let value = all.first(where: { $0["name"]?.stringValue?.lowercased() == name.lowercased() })?["value"] {
                result[key] = value
            }
        }
        return result
    }

    /// The value of header `name` in a message's payload.
    static func header(_ name: String, of message: JSONValue) -> String? {
        (message["payload"]?["headers"]?.arrayValue ?? []).first { $0["name"]?.stringValue?.lowercased() == name.lowercased() }?["value"]?.stringValue
    }

    private static func walk(_ part: JSONValue, text: inout [String], html: inout [String], attachments: inout [JSONValue]) {
        let type = part["mimeType"]?.stringValue?.lowercased() ?? ""
        let filename = part["filename"]?.stringValue ?? ""
        if let parts = part["parts"]?.arrayValue, type.hasPrefix("multipart/") {
            for child in parts { walk(child, text: &text, html: &html, attachments: &attachments) }
            return
        }
        if filename.isEmpty, let data = part["body"]?["data"]?.stringValue, let bytes = Base64URL.decode(data) {
            if type == "text/plain" { text.append(String(decoding: bytes, as: UTF8.self)); return }
            if type == "text/html" { html.append(String(decoding: bytes, as: UTF8.self)); return }
        }
        guard !filename.isEmpty || part["body"]?["attachmentId"] != nil else { return }
        attachments.append([
            "partId": part["partId"] ?? .null, "filename": .string(filename), "mimeType": .string(type),
            "size": part["body"]?["size"] ?? .null, "attachmentId": part["body"]?["attachmentId"] ?? .null,
        ])
    }
}
