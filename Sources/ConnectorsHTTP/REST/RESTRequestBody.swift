import Foundation
import PlugboardCore

/// The `request` action's body: exactly one of JSON, text, base64 bytes, form fields or a multipart form.
struct RESTRequestBody: FieldSet {
    var json: JSONValue?
    var text: String?
    var base64: String?
    var form: FieldMap<RESTScalar>?
    var multipart: RESTMultipartBody?

    static let fields = FieldList<Self>(title: "Body", description: "Exactly one of json, text, base64, form or multipart.") {
        Field("json", \.json, title: "JSON", description: "Any JSON value, sent as application/json.")
        Field("text", \.text, title: "Text", description: "Sent as text/plain in UTF-8.")
        Field("base64", \.base64, title: "Binary (base64)", description: "Bytes given in base64, sent as application/octet-stream.")
        Field("form", \.form, title: "Form fields", description: "Sent as application/x-www-form-urlencoded.")
        Field("multipart", \.multipart, title: "Multipart form", description: "Sent as multipart/form-data (file uploads), fields first, then files.")
    }

    func validate() throws(ConnectorError) {
        let given = [json != nil, text != nil, base64 != nil, form != nil, multipart != nil].filter { $0 }.count
        guard given == 1 else { throw .invalidInput("The body must have exactly one of json, text, base64, form or multipart.") }
        if let base64 { _ = try Self.bytes(base64, field: "base64") }
    }

    /// The bytes to send and the Content-Type they imply.
    func encoded() throws(ConnectorError) -> (bytes: [UInt8], contentType: String) {
        if let json { return (json.jsonBytes(), "application/json") }
        if let text { return (Array(text.utf8), "text/plain; charset=utf-8") }
        if let base64 { return (try Self.bytes(base64, field: "body.base64"), "application/octet-stream") }
        if let form { return (Array(PercentEncoding.query(form.pairs.map { ($0.0, $0.1.text) }).utf8), "application/x-www-form-urlencoded") }
        let body = try (multipart ?? RESTMultipartBody()).encoded()
        return (body.bytes, body.contentType)
    }

    static func bytes(_ encoded: String, field: String) throws(ConnectorError) -> [UInt8] {
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
            throw .invalidInput("This must be a base64 string.", field: field)
        }
        return Array(data)
    }
}

/// A multipart/form-data body: text fields first, then files.
struct RESTMultipartBody: FieldSet {
    var textFields: FieldMap<RESTScalar>?
    var files: [RESTMultipartFile]?

    static let fields = FieldList<Self>(title: "Multipart form", description: "Sent as multipart/form-data (file uploads), fields first, then files.") {
        Field("fields", \.textFields, title: "Fields", description: "Text fields: names to values.")
        Field("files", \.files, title: "Files", description: "Files, each sent as its own part.")
    }

    func validate() throws(ConnectorError) {
        guard !(textFields?.isEmpty ?? true) || !(files?.isEmpty ?? true) else {
            throw .invalidInput("A multipart body needs at least one field or file.")
        }
        for (name, _) in textFields?.pairs ?? [] where !MultipartFormBody.isSafeParameter(name) {
            throw .invalidInput("This must be a single line.", field: "fields.\(name)")
        }
    }

    func encoded() throws(ConnectorError) -> MultipartFormBody {
        var parts = (textFields?.pairs ?? []).map { MultipartFormBody.Part(name: $0.0, bytes: Array($0.1.text.utf8)) }
        for (index, file) in (files ?? []).enumerated() {
            parts.append(.init(
                name: file.field, filename: file.filename, contentType: file.contentType,
                bytes: try RESTRequestBody.bytes(file.base64, field: "body.multipart.files[\(index)].base64")))
        }
        return MultipartFormBody(parts: parts)
    }
}

/// One file of a multipart body.
struct RESTMultipartFile: FieldSet {
    var field = ""
    var filename = ""
    var contentType = "application/octet-stream"
    var base64 = ""

    static let fields = FieldList<Self> {
        Field("field", \.field, title: "Field name", description: "The form field the file is sent under, such as file.", minLength: 1, required: true)
        Field("filename", \.filename, title: "File name", description: "The file name the service sees, such as report.pdf.", minLength: 1, required: true)
        Field("contentType", \.contentType, title: "Content type", description: "The file's media type, such as application/pdf.")
        Field("base64", \.base64, title: "Content (base64)", description: "The file's bytes in base64.", required: true)
    }

    func validate() throws(ConnectorError) {
        for (name, value) in [("field", field), ("filename", filename), ("contentType", contentType)] where !MultipartFormBody.isSafeParameter(value) {
            throw .invalidInput("This must be a single line.", field: name)
        }
        _ = try RESTRequestBody.bytes(base64, field: "base64")
    }
}
