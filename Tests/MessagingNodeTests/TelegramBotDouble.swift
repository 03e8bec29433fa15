import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// A Bot API double on an `UpstreamServer`, answering as the Bot API documents: `POST /bot<token>/<method>` with JSON
/// or multipart parameters, `{ok: true, result}` or `{ok: false, error_code, description, parameters}`, and files at
/// `GET /file/bot<token>/<path>`.
///
/// Chats script the failures: `flood` answers 429 with `retry_after: 1` once, `-42` has migrated to a supergroup,
/// `blocked` has blocked the bot, `missing` does not exist. Uploaded files get a file id and can be fetched back.
final class TelegramBotDouble: Sendable {
    static let token = "123456789:AAH-test-token-9f8e7d6c5b4a"

    private struct State {
        var nextMessageID = 1
        var files: [String: (path: String, bytes: [UInt8])] = [:]
        var flooded: Set<String> = []
        var updates: [JSONValue] = []
    }

    private let state = Mutex(State())

    /// A pending update (a user's message) that getUpdates hands out.
    func queueUpdate(text: String) {
        state.withLock { state in
            let id = 1000 + state.updates.count
            state.updates.append(["update_id": .integer(Int64(id)), "message": ["message_id": 1, "text": .string(text), "chat": ["id": 7, "type": "private"]]])
        }
    }

    var routes: UpstreamServer.Routes {
        { router, _ in
            router.post("/{bot}/{method}") { request, context in
                let bot = context.parameters.get("bot") ?? ""
                guard bot == "bot\(Self.token)" else { return Self.failure(401, "Unauthorized") }
                let body = try await request.body.collect(upTo: 60 << 20)
                let parameters = Self.parameters(Array(buffer: body), contentType: request.headers[.contentType] ?? "")
                let method = context.parameters.get("method") ?? ""
                if method == "getUpdates" { try await self.waitForUpdates(parameters) }
                return self.answer(method, parameters)
            }
            router.get("/file/{bot}/{path}") { _, context in
                guard context.parameters.get("bot") == "bot\(Self.token)" else { return Self.failure(401, "Unauthorized") }
                let path = context.parameters.get("path") ?? ""
                guard let bytes = self.state.withLock({ $0.files.values.first { $0.path == path }?.bytes }) else {
                    return Self.failure(404, "Not Found")
                }
                return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }

    /// A parameter: a JSON value, or a file's bytes for an upload.
    enum Parameter {
        case value(JSONValue)
        case file(name: String, bytes: [UInt8])

        var json: JSONValue? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    /// Long polling: with a `timeout`, getUpdates waits up to that many seconds for an update at or past `offset`.
    private func waitForUpdates(_ parameters: [String: Parameter]) async throws {
        let offset = Int(parameters["offset"]?.json?.integerValue ?? 0)
        let until = ContinuousClock.now + .seconds(parameters["timeout"]?.json?.integerValue ?? 0)
        while ContinuousClock.now < until, !state.withLock({ $0.updates.contains { Int($0["update_id"]?.integerValue ?? 0) >= offset } }) {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func answer(_ method: String, _ parameters: [String: Parameter]) -> Response {
        let chat = parameters["chat_id"]?.json.map { $0.stringValue ?? $0.jsonString() } ?? ""
        switch chat {
        case "flood" where state.withLock({ $0.flooded.insert(method).inserted }):
            return Self.failure(429, "Too Many Requests: retry after 1", parameters: ["retry_after": 1])
        case "-42": return Self.failure(400, "Bad Request: group chat was upgraded to a supergroup chat", parameters: ["migrate_to_chat_id": -1001234567890])
        case "blocked": return Self.failure(403, "Forbidden: bot was blocked by the user")
        case "missing": return Self.failure(400, "Bad Request: chat not found")
        default: break
        }
        switch method {
        case "getMe":
            return Self.success(["id": 123456789, "is_bot": true, "first_name": "Plugboard Test", "username": "plugboard_test_bot"])
        case "sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage":
            let id = state.withLock { state -> Int in
                defer { state.nextMessageID += 1 }
                return state.nextMessageID
            }
            var message: JSONObject = ["message_id": .integer(Int64(id)), "date": 1_764_820_800, "chat": ["id": .string(chat), "type": "private"]]
            if method == "copyMessage" { return Self.success(["message_id": .integer(Int64(id))]) }
            if let text = parameters["text"]?.json { message["text"] = text }
            if let caption = parameters["caption"]?.json { message["caption"] = caption }
            if let markup = parameters["reply_markup"]?.json { message["reply_markup"] = markup }
            if let field = ["photo", "document"].first(where: { parameters[$0] != nil }) {
                switch parameters[field] {
                case .file(let name, let bytes):
                    let fileID = "file-\(id)"
                    state.withLock { $0.files[fileID] = (path: "upload_\(id)_\(name)", bytes: bytes) }
                    message[field] = ["file_id": .string(fileID), "file_name": .string(name), "file_size": .integer(Int64(bytes.count))]
                case .value(let reference)?:
                    message[field] = ["file_id": reference]
                case nil: break
                }
            }
            return Self.success(.object(message))
        case "editMessageText":
            return Self.success(["message_id": parameters["message_id"]?.json ?? .null, "text": parameters["text"]?.json ?? .null])
        case "deleteMessage", "answerCallbackQuery", "setWebhook", "deleteWebhook":
            return Self.success(true)
        case "getUpdates":
            let offset = Int(parameters["offset"]?.json?.integerValue ?? 0)
            let updates = state.withLock { state in
                state.updates.removeAll { Int($0["update_id"]?.integerValue ?? 0) < offset }
                return state.updates
            }
            return Self.success(.array(updates))
        case "getFile":
            let id = parameters["file_id"]?.json?.stringValue ?? ""
            guard let file = state.withLock({ $0.files[id] }) else { return Self.failure(400, "Bad Request: invalid file_id") }
            return Self.success(["file_id": .string(id), "file_path": .string(file.path), "file_size": .integer(Int64(file.bytes.count))])
        default:
            return Self.failure(404, "Not Found: method not found")
        }
    }

    static func success(_ result: JSONValue) -> Response {
        json(["ok": true, "result": result], status: .ok)
    }

    static func failure(_ code: Int, _ description: String, parameters: JSONValue? = nil) -> Response {
        var body: JSONObject = ["ok": false, "error_code": .integer(Int64(code)), "description": .string(description)]
        if let parameters { body["parameters"] = parameters }
        return json(.object(body), status: .init(code: code))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }

    /// JSON bodies as they are; multipart parts as JSON values (JSON text parsed, else a string) or files.
    static func parameters(_ body: [UInt8], contentType: String) -> [String: Parameter] {
        if contentType.hasPrefix("application/json") {
            return (try? JSONParser.parse(body))?.objectValue.map { Dictionary($0.map { ($0.0, Parameter.value($0.1)) }) { a, _ in a } } ?? [:]
        }
        guard let boundary = contentType.components(separatedBy: "boundary=").last else { return [:] }
        var result: [String: Parameter] = [:]
        let text = String(decoding: body, as: UTF8.self)
        for chunk in text.components(separatedBy: "--\(boundary)").dropFirst() where !chunk.hasPrefix("--") {
            guard let split = chunk.range(of: "\r\n\r\n") else { continue }
            let head = chunk[..<split.lowerBound]
            var content = String(chunk[split.upperBound...])
            // "\r\n" is one Character in Swift.
            if content.hasSuffix("\r\n") { content.removeLast() }
            guard let nameRange = head.range(of: "name=\"") else { continue }
            let name = String(head[nameRange.upperBound...].prefix { $0 != "\"" })
            if let fileRange = head.range(of: "filename=\"") {
                // Uploads in these tests are text bytes, so decoding the body as UTF-8 above kept them.
                result[name] = .file(name: String(head[fileRange.upperBound...].prefix { $0 != "\"" }), bytes: Array(content.utf8))
            } else {
                result[name] = .value((try? JSONParser.parse(content)) ?? .string(content))
            }
        }
        return result
    }
}
