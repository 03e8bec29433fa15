import Foundation
import PlugboardCore

/// A `multipart/form-data` body (RFC 7578): text fields and files, each in its own part.
public struct MultipartFormBody: Sendable {
    /// One part: a field's value, or a file with its name and type.
    public struct Part: Sendable {
        /// The form field's name.
        public var name: String
        /// The file name a file part carries; nil for a plain field.
        public var filename: String?
        /// The part's type; files default to `application/octet-stream`, fields carry none.
        public var contentType: String?
        /// The part's bytes.
        public var bytes: [UInt8]

        public init(name: String, filename: String? = nil, contentType: String? = nil, bytes: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    /// The parts in order.
    public var parts: [Part]
    /// The delimiter between parts; random, so it does not occur in the content.
    public let boundary: String

    /// A body of `parts` with a fresh random boundary.
    public init(parts: [Part], boundary: String = "plugboard-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")) {
        self.parts = parts
        self.boundary = boundary
    }

    /// The `Content-Type` header value, boundary included.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The encoded body.
    public var bytes: [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let filename = part.filename { head += "; filename=\"\(Self.quoted(filename))\"" }
            head += "\r\n"
            if let type = part.contentType ?? (part.filename != nil ? "application/octet-stream" : nil) { head += "Content-Type: \(type)\r\n" }
            head += "\r\n"
            body += Array(head.utf8)
            body += part.bytes
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }

    /// A name or file name inside a quoted parameter: quotes and backslashes percent-encoded, as browsers do.
    /// Line breaks are refused before a part is made (`isSafeParameter`).
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "%5C").replacingOccurrences(of: "\"", with: "%22")
    }

    /// Whether `text` can go in a part's header: no CR, LF or NUL.
    public static func isSafeParameter(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
