import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// A Bitrix24 REST double on an `UpstreamServer`, answering as Bitrix24 documents: `POST /rest/<user>/<secret>/<method>.json`
/// with JSON parameters, `{result, next, total, time}` with lists in pages of 50 from `start`, `{error,
/// error_description}` otherwise, `batch` with `cmd` (up to 50 `method?query` commands) answering `result`,
/// `result_error` and `result_total`. A lead list filtered by the title `busy` answers 503 QUERY_LIMIT_EXCEEDED once.
final class Bitrix24Double: Sendable {
    static let user = "7"
    static let secret = "x9k2m4p7q1w3e5r8"

    private struct State {
        var records: [String: [JSONObject]] = [:]
        var next = 100
        var limited = false
    }

    private let state = Mutex(State())

    func seed(_ count: Int, _ entity: String = "lead") {
        for index in 0..<count { _ = add(entity, ["TITLE": .string("Seeded \(index)"), "OPPORTUNITY": .integer(Int64(index))]) }
    }

    private func add(_ entity: String, _ fields: JSONObject) -> Int64 {
        state.withLock { state in
            state.next += 1
            var record = fields
            record["ID"] = .string(String(state.next))
            state.records[entity, default: []].append(record)
            return Int64(state.next)
        }
    }

    var routes: UpstreamServer.Routes {
        { router, _ in
            router.post("/rest/{user}/{secret}/{method}") { request, context in
                guard context.parameters.get("user") == Self.user, context.parameters.get("secret") == Self.secret else {
                    return Self.failure(401, "INVALID_CREDENTIALS", "Invalid request credentials")
                }
                let body = try await request.body.collect(upTo: 1 << 20)
                let parameters = (try? JSONParser.parse(Array(buffer: body)))?.objectValue ?? [:]
                let method = String((context.parameters.get("method") ?? "").dropLast(".json".count))
                return self.answer(method, parameters)
            }
        }
    }

    private func answer(_ method: String, _ parameters: JSONObject) -> Response {
        let (status, json) = run(method, parameters)
        return Self.json(json, status: status)
    }

    /// One method: its HTTP status and answer.
    private func run(_ method: String, _ parameters: JSONObject) -> (Int, JSONValue) {
        if method == "profile" { return (200, ["result": ["ID": "7", "ADMIN": true, "NAME": "Ada", "LAST_NAME": "Lovelace"], "time": ["duration": 0.01]]) }
        if method == "batch" { return (200, batch(parameters)) }
        let parts = method.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[0] == "crm", ["lead", "deal", "contact", "company"].contains(parts[1]) else {
            return (404, ["error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"])
        }
        let entity = parts[1]
        let id = parameters["id"].flatMap { $0.integerValue ?? $0.stringValue.flatMap { Int64($0) } }
        let records = state.withLock { $0.records[entity] ?? [] }
        let index = records.firstIndex { $0["ID"]?.stringValue == id.map(String.init) }
        switch parts[2] {
        case "add":
            guard let fields = parameters["fields"]?.objectValue, !fields.isEmpty else { return (400, ["error": "", "error_description": "No fields"]) }
            return (200, ["result": .integer(add(entity, fields))])
        case "get":
            guard let index else { return (400, ["error": "", "error_description": "Not found"]) }
            return (200, ["result": .object(records[index])])
        case "update":
            guard let index else { return (400, ["error": "", "error_description": "Not found"]) }
            state.withLock { state in for (name, value) in parameters["fields"]?.objectValue ?? [:] { state.records[entity]?[index][name] = value } }
            return (200, ["result": true])
        case "delete":
            guard let index else { return (400, ["error": "", "error_description": "Not found"]) }
            state.withLock { _ = $0.records[entity]?.remove(at: index) }
            return (200, ["result": true])
        case "list":
            let title = parameters["filter"]?["TITLE"]?.stringValue
            if title == "busy", state.withLock({ state in defer { state.limited = true }; return !state.limited }) {
                return (503, ["error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"])
            }
            let matching = records.filter { title == nil || $0["TITLE"]?.stringValue == title }
            let start = Int(parameters["start"]?.integerValue ?? 0)
            let page = Array(matching.dropFirst(start).prefix(50))
            var answer: JSONObject = ["result": .array(page.map(JSONValue.object)), "total": .integer(Int64(matching.count)), "time": ["duration": 0.02]]
            if start + page.count < matching.count { answer["next"] = .integer(Int64(start + page.count)) }
            return (200, .object(answer))
        default:
            return (404, ["error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"])
        }
    }

    /// `cmd`: name → `method?query`, each run in turn; `halt` stops at the first error.
    private func batch(_ parameters: JSONObject) -> JSONValue {
        var results: JSONObject = [:]
        var errors: JSONObject = [:]
        for (name, command) in parameters["cmd"]?.objectValue ?? [:] {
            let text = command.stringValue ?? ""
            let method = String(text.prefix { $0 != "?" })
            var arguments: JSONObject = [:]
            for pair in text.drop { $0 != "?" }.dropFirst().split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                guard parts.count == 2 else { continue }
                if parts[0].hasPrefix("fields["), parts[0].hasSuffix("]") {
                    var fields = arguments["fields"]?.objectValue ?? [:]
                    fields[String(parts[0].dropFirst(7).dropLast())] = .string(parts[1])
                    arguments["fields"] = .object(fields)
                } else {
                    arguments[parts[0]] = .string(parts[1])
                }
            }
            let (status, answer) = run(method, arguments)
            if status == 200 {
                results[name] = answer["result"] ?? .null
            } else {
                errors[name] = ["error": answer["error"] ?? "", "error_description": answer["error_description"] ?? ""]
                if parameters["halt"]?.integerValue == 1 { break }
            }
        }
        return ["result": ["result": .object(results), "result_error": .object(errors), "result_total": [:], "result_next": [:]]]
    }

    static func failure(_ status: Int, _ error: String, _ description: String) -> Response {
        json(["error": .string(error), "error_description": .string(description)], status: status)
    }

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}
