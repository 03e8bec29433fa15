import Foundation
import PlugboardCore

extension RESTRequestInput {
    /// The body kinds a request may have, one at a time.
    static let bodyKinds = ["json", "text", "base64", "form", "multipart"]
    private static var kindList: String { "json, text, base64, form or multipart" }

    /// Reads `body`: exactly one kind, encoded with the Content-Type it implies.
    mutating func decodeBody(_ value: JSONValue?) throws(ConnectorError) {
        guard let value, value != .null else { return }
        guard let object = value.objectValue else {
            throw .invalidInput("The body must be an object with one of \(Self.kindList).", field: "body")
        }
        let kinds = object.keys.filter { object[$0] != .null }
        guard kinds.count == 1, let kind = kinds.first, let member = object[kind] else {
            throw .invalidInput("The body must have exactly one of \(Self.kindList).", field: "body")
        }
        switch kind {
        case "json":
            body = member.jsonBytes()
            bodyContentType = "application/json"
        case "text":
            guard let text = member.stringValue else { throw .invalidInput("A text body must be a string.", field: "body.text") }
            body = Array(text.utf8)
            bodyContentType = "text/plain; charset=utf-8"
        case "base64":
            body = try Self.base64(member, field: "body.base64")
            bodyContentType = "application/octet-stream"
        case "form":
            let pairs = try Self.fields(member, field: "body.form")
            body = Array(PercentEncoding.query(pairs).utf8)
            bodyContentType = "application/x-www-form-urlencoded"
        case "multipart":
            let multipart = try Self.multipart(member)
            body = multipart.bytes
            bodyContentType = multipart.contentType
        default:
            throw .invalidInput("The body must have one of \(Self.kindList), not '\(kind)'.", field: "body.\(kind)")
        }
    }

    private static func base64(_ value: JSONValue, field: String) throws(ConnectorError) -> [UInt8] {
        guard let encoded = value.stringValue, let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
            throw .invalidInput("This must be a base64 string.", field: field)
        }
        return Array(data)
    }

    /// Names to scalar values, in order.
    private static func fields(_ value: JSONValue, field: String) throws(ConnectorError) -> [(String, String)] {
        guard let fields = value.objectValue else { throw .invalidInput("This must be an object of names to values.", field: field) }
        var pairs: [(String, String)] = []
        for (name, member) in fields {
            guard let text = scalarText(member) else {
                throw .invalidInput("Form values must be strings, numbers or booleans.", field: "\(field).\(name)")
            }
            pairs.append((name, text))
        }
        return pairs
    }

    /// `{fields: {name: value}, files: [{field, filename, contentType?, base64}]}` as a multipart body.
    private static func multipart(_ value: JSONValue) throws(ConnectorError) -> MultipartFormBody {
        let base = "body.multipart"
        guard let object = value.objectValue else {
            throw .invalidInput("A multipart body must be an object with fields and/or files.", field: base)
        }
        for key in object.keys where key != "fields" && key != "files" {
            throw .invalidInput("A multipart body has only fields and files, not '\(key)'.", field: "\(base).\(key)")
        }
        var parts: [MultipartFormBody.Part] = []
        if let fields = object["fields"], fields != .null {
            for (name, text) in try Self.fields(fields, field: "\(base).fields") {
                try checkParameter(name, field: "\(base).fields.\(name)")
                parts.append(.init(name: name, bytes: Array(text.utf8)))
            }
        }
        if let files = object["files"], files != .null {
            guard let list = files.arrayValue else { throw .invalidInput("files must be an array of files.", field: "\(base).files") }
            for (index, file) in list.enumerated() {
                parts.append(try Self.file(file, field: "\(base).files[\(index)]"))
            }
        }
        guard !parts.isEmpty else { throw .invalidInput("A multipart body needs at least one field or file.", field: base) }
        return MultipartFormBody(parts: parts)
    }

    private static func file(_ value: JSONValue, field: String) throws(ConnectorError) -> MultipartFormBody.Part {
        guard let object = value.objectValue else {
            throw .invalidInput("A file must be an object with field, filename, contentType and base64.", field: field)
        }
        for key in object.keys where !["field", "filename", "contentType", "base64"].contains(key) {
            throw .invalidInput("A file has field, filename, contentType and base64, not '\(key)'.", field: "\(field).\(key)")
        }
        guard let name = object["field"]?.stringValue, !name.isEmpty else {
            throw .invalidInput("A file needs the form field name it is sent under.", field: "\(field).field")
        }
        guard let filename = object["filename"]?.stringValue, !filename.isEmpty else {
            throw .invalidInput("A file needs a filename, such as report.pdf.", field: "\(field).filename")
        }
        guard let content = object["base64"] else { throw .invalidInput("A file needs its content in base64.", field: "\(field).base64") }
        let type = object["contentType"]?.stringValue
        try checkParameter(name, field: "\(field).field")
        try checkParameter(filename, field: "\(field).filename")
        if let type { try checkParameter(type, field: "\(field).contentType") }
        return .init(name: name, filename: filename, contentType: type, bytes: try base64(content, field: "\(field).base64"))
    }

    private static func checkParameter(_ text: String, field: String) throws(ConnectorError) {
        guard MultipartFormBody.isSafeParameter(text) else { throw .invalidInput("This must be a single line.", field: field) }
    }
}
