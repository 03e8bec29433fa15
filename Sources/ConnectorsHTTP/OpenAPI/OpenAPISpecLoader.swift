import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import PlugboardCore
import Yams

/// Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML text) with OpenAPIKit and reduces it to an `OpenAPISpec`.
///
/// 3.0 documents are converted to 3.1 with OpenAPIKitCompat, so the rest of the node reads one shape. Every fault
/// becomes `invalid_configuration` saying why the document cannot be used.
enum OpenAPISpecLoader {
    /// Largest document accepted, in bytes.
    static let maximumBytes = 8 << 20

    /// Just the version fields, read before choosing which OpenAPIKit module decodes the document.
    private struct VersionProbe: Decodable {
        var openapi: String?
        var swagger: String?
    }

    /// Loads `text`; `field` names the option the document came from, `source` says where it came from in messages.
    static func load(_ text: String, field: String, source: String) throws(ConnectorError) -> OpenAPISpec {
        guard text.utf8.count <= maximumBytes else {
            throw refusal("The OpenAPI document from \(source) is larger than \(maximumBytes >> 20) MB.", field: field)
        }
        guard !text.allSatisfy(\.isWhitespace) else { throw refusal("The OpenAPI document from \(source) is empty.", field: field) }
        let (document, version) = try decode(text, field: field, source: source)
        do {
            _ = try document.validate(strict: false)
        } catch {
            var reason = summary(of: error).replacingOccurrences(of: "Failed to satisfy: ", with: "")
            if reason.localizedCaseInsensitiveContains("reference") { reason = "a $ref points at nothing (\(reason))" }
            throw refusal(
                "The OpenAPI document from \(source) is not valid: \(reason).", field: field,
                fix: "Fix the document (every $ref must point at an existing component) or use another document.")
        }
        let tree: JSONValue
        do {
            let yaml = try YAMLEncoder().encode(document)
            guard let node = try Yams.compose(yaml: yaml) else { throw refusal("The OpenAPI document from \(source) is empty.", field: field) }
            tree = node.jsonValue
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw refusal("The OpenAPI document from \(source) could not be read back after loading: \(error).", field: field)
        }
        return try OpenAPISpec(tree: tree, openAPIVersion: version, field: field, source: source)
    }

    /// Decodes the document with the OpenAPIKit module its version asks for.
    private static func decode(_ text: String, field: String, source: String) throws(ConnectorError) -> (OpenAPIKit.OpenAPI.Document, String) {
        let probe: VersionProbe
        do {
            probe = try YAMLDecoder().decode(VersionProbe.self, from: text)
        } catch {
            throw refusal(
                "The text from \(source) is not an OpenAPI document: it is not a JSON or YAML object.", field: field,
                fix: "Give an OpenAPI 3.0 or 3.1 document in JSON or YAML.")
        }
        if let swagger = probe.swagger {
            throw refusal(
                "The document from \(source) is Swagger \(swagger); this connector reads OpenAPI 3.0 and 3.1 only.", field: field,
                fix: "Convert the document to OpenAPI 3 (swagger2openapi or the Swagger Editor do this) and use that.")
        }
        guard let version = probe.openapi else {
            throw refusal(
                "The text from \(source) is not an OpenAPI document: it has no 'openapi' version field.", field: field,
                fix: "Give an OpenAPI 3.0 or 3.1 document in JSON or YAML.")
        }
        do {
            if version == "3.0" || version.hasPrefix("3.0.") {
                let old = try YAMLDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: text)
                return (old.convert(to: .v3_1_1), version)
            }
            if version == "3.1" || version.hasPrefix("3.1.") {
                return (try YAMLDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: text), version)
            }
        } catch {
            throw refusal("The OpenAPI \(version) document from \(source) could not be read: \(summary(of: error)).", field: field)
        }
        throw refusal(
            "The document from \(source) is OpenAPI \(version); this connector reads OpenAPI 3.0 and 3.1 only.", field: field,
            fix: "Use an OpenAPI 3.0.x or 3.1.x document.")
    }

    /// OpenAPIKit's readable account of a decoding or validation error, first lines only.
    private static func summary(of error: any Error) -> String {
        let readable = OpenAPIKit.OpenAPI.Error(from: error)
        var text = readable.localizedDescription
        if !readable.codingPathString.isEmpty, !text.contains(readable.codingPathString) { text += " at \(readable.codingPathString)" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(3)
        let joined = lines.joined(separator: "; ")
        let trimmed = joined.hasSuffix(".") ? String(joined.dropLast()) : joined
        return trimmed.count > 600 ? String(trimmed.prefix(600)) + "…" : trimmed
    }

    /// The error for a document the node cannot use.
    static func refusal(_ message: String, field: String, fix: String? = nil) -> ConnectorError {
        var error = ConnectorError.invalidConfiguration(message, field: field)
        if let fix { error.fix = fix }
        return error
    }
}
