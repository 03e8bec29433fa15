import Foundation
import PlugboardCore

/// Turns an operation's validated input into a request to the server: path parameters percent-encoded into the
/// template, query parameters serialized by their style (`form` with `explode` by default), headers, cookies and the
/// body. The HTTP service client puts it under the server URL and applies the credential.
struct OpenAPIRequestBuilder {
    let operation: OpenAPIOperation
    /// The connector's default headers, so a default Accept is kept.
    let defaultHeaders: [(String, String)]

    func build(_ input: JSONValue) throws(ConnectorError) -> HTTPServiceRequest {
        let values = input.objectValue ?? [:]
        var query: [(String, String)] = []
        var headers = HeaderList(defaultHeaders)
        var cookies: [String] = []
        var pathValues: [String: String] = [:]
        for parameter in operation.parameters {
            guard let value = values[parameter.inputName], value != .null else { continue }
            switch parameter.location {
            case "path":
                pathValues[parameter.name] = try OpenAPIParameterStyle.pathValue(value, parameter)
            case "query":
                query += try OpenAPIParameterStyle.queryPairs(value, parameter)
            case "header":
                let text = try OpenAPIParameterStyle.simple(value, parameter, encode: false)
                guard !HTTPHeaderSyntax.hasLineBreak(text) else {
                    throw .invalidInput("Header values must be a single line.", field: parameter.inputName)
                }
                headers.set(parameter.name, text)
            default:
                let text = try OpenAPIParameterStyle.simple(value, parameter, encode: true)
                cookies.append("\(parameter.name)=\(text)")
            }
        }
        if !cookies.isEmpty { headers.set("Cookie", cookies.joined(separator: "; ")) }
        if !headers.contains("Accept") { headers.set("Accept", "application/json, */*;q=0.5") }
        var body: [UInt8]?
        if let requestBody = operation.body, let value = values["body"], value != .null {
            body = try Self.encode(value, as: requestBody)
            headers.set("Content-Type", requestBody.encoding == .json && requestBody.contentType == "*/*" ? "application/json" : requestBody.contentType)
        }
        return HTTPServiceRequest(operation.method, try expandPath(pathValues), query: query, headers: headers.fields, body: body)
    }

    /// The path template with each `{name}` replaced by its encoded value.
    private func expandPath(_ values: [String: String]) throws(ConnectorError) -> String {
        var result = ""
        var rest = Substring(operation.path)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name] else {
                let inputName = operation.parameters.first { $0.location == "path" && $0.name == name }?.inputName ?? name
                throw .invalidInput("The path parameter '\(name)' is required.", field: inputName)
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// The body bytes for the body's encoding.
    private static func encode(_ value: JSONValue, as body: OpenAPIRequestBody) throws(ConnectorError) -> [UInt8] {
        switch body.encoding {
        case .json:
            return value.jsonBytes()
        case .form:
            guard let fields = value.objectValue else { throw .invalidInput("The body must be an object of form fields.", field: "body") }
            var pairs: [(String, String)] = []
            for (name, field) in fields where field != .null {
                if let items = field.arrayValue {
                    pairs += items.map { (name, OpenAPIParameterStyle.text($0)) }
                } else {
                    pairs.append((name, OpenAPIParameterStyle.text(field)))
                }
            }
            return Array(PercentEncoding.query(pairs).utf8)
        case .text:
            guard let text = value.stringValue else { throw .invalidInput("The body must be a string (\(body.contentType)).", field: "body") }
            return Array(text.utf8)
        case .binary:
            guard let encoded = value.stringValue, let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("The body must be base64 text (\(body.contentType)).", field: "body")
            }
            return Array(data)
        }
    }
}
