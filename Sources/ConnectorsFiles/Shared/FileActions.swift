import Foundation
import PlugboardCore

/// What the file nodes' actions share: the shapes of their answers and annotations, so `sftp` and `ftp` answer alike.
enum FileActions {
    static let entry = Schema.object(
        ["name": Schema.string(), "path": Schema.string(), "kind": Schema.string(enum: ["file", "directory", "symlink", "other"]),
         "size": Schema.integer(), "mode": Schema.string(), "modifiedAt": Schema.string(format: "date-time")],
        required: ["name", "path"])
    static let listing = Schema.object(["path": Schema.string(), "entries": Schema.array(entry)], required: ["path", "entries"])
    static let uploaded = Schema.object(["path": Schema.string(), "size": Schema.integer()], required: ["path", "size"])
    static let downloaded = Schema.object(
        ["path": Schema.string(), "size": Schema.integer(), "text": Schema.string(), "base64": Schema.string()], required: ["path", "size"])
    static let done = Schema.object(["path": Schema.string()], required: ["path"], additionalProperties: true)

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let changes = ActionAnnotations(readOnly: false, destructive: false, idempotent: true)
    static let destroys = ActionAnnotations(readOnly: false, destructive: true, idempotent: true)

    /// One listing entry as both nodes answer it.
    static func entry(name: String, path: String, kind: String?, size: UInt64?, mode: UInt32?, modified: Date?) -> JSONValue {
        var entry: JSONObject = ["name": .string(name), "path": .string(path)]
        if let kind { entry["kind"] = .string(kind) }
        if let size { entry["size"] = .integer(Int64(size)) }
        if let mode { entry["mode"] = .string(String(mode & 0o7777, radix: 8)) }
        if let modified { entry["modifiedAt"] = .string(ISO8601.string(from: modified)) }
        return .object(entry)
    }

    /// A download's answer: text for UTF-8 content unless base64 was asked for; text asked for binary content is refused.
    static func downloaded(_ bytes: [UInt8], path: String, input: FileDownloadInput) throws(ConnectorError) -> JSONValue {
        var output: JSONObject = ["path": .string(path), "size": .integer(Int64(bytes.count))]
        if input.encoding != .base64, let text = String(validating: bytes, as: UTF8.self) {
            output["text"] = .string(text)
        } else if input.encoding == .text {
            throw ConnectorError.invalidInput("'\(input.path)' is not UTF-8 text; download it as base64.", field: "encoding")
        } else {
            output["base64"] = .string(Data(bytes).base64EncodedString())
        }
        return .object(output)
    }
}
