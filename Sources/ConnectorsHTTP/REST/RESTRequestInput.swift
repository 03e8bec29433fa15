import Foundation
import PlugboardCore

/// The `request` action's input, decoded and checked; each fault names its field.
struct RESTRequestInput {
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    var method = "GET"
    var path = ""
    var query: [(String, String)] = []
    var headers: [(String, String)] = []
    var body: [UInt8]?
    /// The Content-Type the body kind implies; a Content-Type header replaces it.
    var bodyContentType: String?
    /// The caller's `contentType`, which wins over both.
    var contentTypeOverride: String?
    /// How to follow further pages; nil sends one request.
    var pagination: RESTPagination?

    init(_ input: JSONValue) throws(ConnectorError) {
        guard let object = input.objectValue else { throw .invalidInput("The input must be an object.") }
        if let value = object["method"], value != .null {
            guard let method = value.stringValue, Self.methods.contains(method.uppercased()) else {
                throw .invalidInput("The method must be one of \(Self.methods.joined(separator: ", ")).", field: "method")
            }
            self.method = method.uppercased()
        }
        if let value = object["path"], value != .null {
            guard let path = value.stringValue else { throw .invalidInput("The path must be a string.", field: "path") }
            self.path = path
        }
        query = try Self.query(object["query"])
        headers = try Self.headers(object["headers"])
        try decodeBody(object["body"])
        if let value = object["contentType"], value != .null {
            guard let type = value.stringValue, !type.isEmpty, !HTTPHeaderSyntax.hasLineBreak(type) else {
                throw .invalidInput("The content type must be a single-line string such as application/xml.", field: "contentType")
            }
            if bodyContentType?.hasPrefix("multipart/") == true {
                throw .invalidInput("A multipart body sets its own content type (with its boundary); leave contentType out.", field: "contentType")
            }
            contentTypeOverride = type
        }
        pagination = try RESTPagination(object["pagination"])
        if pagination != nil, method == "HEAD" {
            throw .invalidInput("HEAD responses have no body to page through; use GET.", field: "pagination")
        }
    }

    private static func query(_ value: JSONValue?) throws(ConnectorError) -> [(String, String)] {
        guard let value, value != .null else { return [] }
        guard let object = value.objectValue else { throw .invalidInput("The query must be an object of names to values.", field: "query") }
        var pairs: [(String, String)] = []
        for (name, member) in object {
            if let values = member.arrayValue {
                for (index, element) in values.enumerated() {
                    guard let text = scalarText(element) else {
                        throw .invalidInput("Query values must be strings, numbers or booleans.", field: "query.\(name)[\(index)]")
                    }
                    pairs.append((name, text))
                }
            } else if let text = scalarText(member) {
                pairs.append((name, text))
            } else if member != .null {
                throw .invalidInput("Query values must be strings, numbers, booleans or arrays of them.", field: "query.\(name)")
            }
        }
        return pairs
    }

    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer, .number, .bool: return value.jsonString()
        default: return nil
        }
    }

    private static func headers(_ value: JSONValue?) throws(ConnectorError) -> [(String, String)] {
        guard let value, value != .null else { return [] }
        guard let object = value.objectValue else { throw .invalidInput("The headers must be an object of names to strings.", field: "headers") }
        var fields: [(String, String)] = []
        for (name, member) in object {
            guard let text = member.stringValue else { throw .invalidInput("Header values must be strings.", field: "headers.\(name)") }
            guard HTTPHeaderSyntax.isToken(name) else { throw .invalidInput("'\(name)' is not a valid header name.", field: "headers.\(name)") }
            guard !HTTPHeaderSyntax.hasLineBreak(text) else {
                throw .invalidInput("Header values must be a single line.", field: "headers.\(name)")
            }
            fields.append((name, text))
        }
        return fields
    }
}
