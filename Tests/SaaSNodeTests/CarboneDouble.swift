import Crypto
import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// A Carbone double on an `UpstreamServer`, answering as Carbone's API documents (and as its Python SDK,
/// `carbone-sdk` on PyPI, expects): a bearer token, `carbone-version`; `POST /template` (multipart `payload` and
/// `template`) answering the template id, the SHA-256 of payload and file as the SDK computes it; `GET` and `DELETE
/// /template/:id`; `GET /templates` paged by `cursor` and `limit`; `POST /render/:id` with `data` and `convertTo`,
/// answering a render id whose file `GET /render/:renderId` hands out once; `{success: false, error}` otherwise.
///
/// Rendering puts the data's `{d.path}` values into the template's text, behind a format marker (`%PDF-1.7` for pdf).
final class CarboneDouble: Sendable {
    static let token = "eyJhbGciOiJFUzUxMiJ9.carbone-test-token.c2lnbmF0dXJl"

    private struct State {
        var templates: [(id: String, name: String, bytes: [UInt8])] = []
        var renders: [String: (name: String, bytes: [UInt8], type: String)] = [:]
        var limited = false
    }

    private let state = Mutex(State())

    var routes: UpstreamServer.Routes {
        { router, _ in
            router.post("/template") { request, _ in
                try await self.authorized(request) {
                    let body = try await request.body.collect(upTo: 20 << 20)
                    let parts = Self.multipart(Array(buffer: body), contentType: request.headers[.contentType] ?? "")
                    guard let template = parts["template"], !template.bytes.isEmpty else { return Self.failure(400, "Template file is missing") }
                    let payload = parts["payload"]?.bytes ?? []
                    let id = SHA256Hex.of(payload + template.bytes)
                    self.state.withLock { state in
                        if !state.templates.contains(where: { $0.id == id }) { state.templates.append((id, template.filename ?? "template", template.bytes)) }
                    }
                    return Self.json(["success": true, "data": ["templateId": .string(id)]])
                }
            }
            router.get("/templates") { request, _ in
                try await self.authorized(request) {
                    let limit = Int(request.uri.queryParameters["limit"].map(String.init) ?? "100") ?? 100
                    let start = Int(request.uri.queryParameters["cursor"].map(String.init) ?? "0") ?? 0
                    let all = self.state.withLock { $0.templates }
                    let page = all.dropFirst(start).prefix(limit).map { template -> JSONValue in
                        ["id": .string(template.id), "name": .string(template.name), "size": .integer(Int64(template.bytes.count))]
                    }
                    var answer: JSONObject = ["success": true, "data": .array(Array(page)), "hasMore": .bool(start + page.count < all.count)]
                    if start + page.count < all.count { answer["nextCursor"] = .string(String(start + page.count)) }
                    return Self.json(.object(answer))
                }
            }
            router.get("/template/{id}") { request, context in
                try await self.authorized(request) {
                    let id = context.parameters.get("id") ?? ""
                    guard let template = self.state.withLock({ $0.templates.first { $0.id == id } }) else { return Self.failure(404, "Template not found") }
                    return Self.file(template.bytes, name: template.name, type: "application/octet-stream")
                }
            }
            router.delete("/template/{id}") { request, context in
                try await self.authorized(request) {
                    let id = context.parameters.get("id") ?? ""
                    let removed = self.state.withLock { state -> Bool in
                        let before = state.templates.count
                        state.templates.removeAll { $0.id == id }
                        return state.templates.count < before
                    }
                    return removed ? Self.json(["success": true]) : Self.failure(404, "Template not found")
                }
            }
            router.post("/render/{id}") { request, context in
                try await self.authorized(request) {
                    let id = context.parameters.get("id") ?? ""
                    let body = try await request.body.collect(upTo: 4 << 20)
                    guard let options = try? JSONParser.parse(Array(buffer: body)), let data = options["data"] else {
                        return Self.failure(400, "Missing data in request body")
                    }
                    if data["customer"] == "busy", self.state.withLock({ state in defer { state.limited = true }; return !state.limited }) {
                        var response = Self.failure(429, "Too many requests, please retry later")
                        response.headers[.retryAfter] = "1"
                        return response
                    }
                    guard let template = self.state.withLock({ $0.templates.first { $0.id == id } }) else {
                        return Self.failure(404, "Error while rendering template Error: 404 Not Found")
                    }
                    let format = options["convertTo"]?.stringValue ?? "pdf"
                    guard ["pdf", "docx", "xlsx", "odt", "html"].contains(format) else { return Self.failure(400, "Format \(format) is not supported") }
                    let marker = format == "pdf" ? "%PDF-1.7\n" : format == "html" ? "<!DOCTYPE html>\n" : "PK\u{3}\u{4}"
                    let text = Self.fill(String(decoding: template.bytes, as: UTF8.self), with: data)
                    let renderID = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") + "." + format
                    let name = (options["reportName"]?.stringValue).map { Self.fill($0, with: data) } ?? "report"
                    let types = ["pdf": "application/pdf", "html": "text/html", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
                    self.state.withLock { $0.renders[renderID] = ("\(name).\(format)", Array((marker + text).utf8), types[format] ?? "application/octet-stream") }
                    return Self.json(["success": true, "data": ["renderId": .string(renderID)]])
                }
            }
            router.get("/render/{id}") { request, context in
                try await self.authorized(request) {
                    let id = context.parameters.get("id") ?? ""
                    guard let render = self.state.withLock({ $0.renders.removeValue(forKey: id) }) else { return Self.failure(404, "File not found") }
                    return Self.file(render.bytes, name: render.name, type: render.type)
                }
            }
        }
    }

    private func authorized(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        guard request.headers[.authorization] == "Bearer \(Self.token)" else {
            return Self.failure(401, "Unauthorized, please provide a correct API key on the \"Authorization\" header")
        }
        return try await body()
    }

    /// `{d.a.b}` tags replaced by the data's values.
    static func fill(_ text: String, with data: JSONValue) -> String {
        var result = text
        while let open = result.range(of: "{d."), let close = result[open.upperBound...].firstIndex(of: "}") {
            let path = result[open.upperBound..<close].split(separator: ".").map(String.init)
            let value = path.reduce(Optional(data)) { $0?[$1] }
            result.replaceSubrange(open.lowerBound...close, with: value.map { $0.stringValue ?? $0.jsonString() } ?? "")
        }
        return result
    }

    /// Multipart parts by name, their bytes as sent.
    static func multipart(_ body: [UInt8], contentType: String) -> [String: (filename: String?, bytes: [UInt8])] {
        guard let boundary = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) else { return [:] }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [String: (filename: String?, bytes: [UInt8])] = [:]
        var index = 0
        var starts: [Int] = []
        while index + delimiter.count <= body.count {
            if Array(body[index..<(index + delimiter.count)]) == delimiter { starts.append(index) }
            index += 1
        }
        for (first, next) in zip(starts, starts.dropFirst()) {
            let chunk = Array(body[(first + delimiter.count)..<next])
            guard let split = (0..<max(0, chunk.count - 3)).first(where: { chunk[$0..<($0 + 4)] == [13, 10, 13, 10] }) else { continue }
            let head = String(decoding: chunk[..<split], as: UTF8.self)
            var content = Array(chunk[(split + 4)...])
            if content.suffix(2) == [13, 10] { content.removeLast(2) }
            guard let name = head.range(of: "name=\"").map({ String(head[$0.upperBound...].prefix { $0 != "\"" }) }) else { continue }
            let filename = head.range(of: "filename=\"").map { String(head[$0.upperBound...].prefix { $0 != "\"" }) }
            parts[name] = (filename, content)
        }
        return parts
    }

    static func failure(_ status: Int, _ error: String) -> Response {
        json(["success": false, "error": .string(error)], status: status)
    }

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }

    static func file(_ bytes: [UInt8], name: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// SHA-256 as lowercase hex, as Carbone's SDK computes a template id.
enum SHA256Hex {
    static func of(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
