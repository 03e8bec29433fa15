import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// An Outline double on an `UpstreamServer`, following Outline's OpenAPI document (outline/openapi `spec3.yml`):
/// every method is `POST /api/<method>` with a JSON body and a bearer key; answers are `{data, pagination?}` or
/// `{ok: false, error, status, message}`; lists take `limit` (at most 100) and `offset`. A search for `busy` is
/// refused once with 429 `rate_limit_exceeded` and `Retry-After: 1`.
final class OutlineDouble: Sendable {
    static let key = "ol_api_3vY6sQ2mC8kT1pX9rL4wZ7nB5dF0hJ"

    private struct State {
        var collections: [JSONObject] = []
        var documents: [JSONObject] = []
        var comments: [JSONObject] = []
        var limited = false
        var clock = 0
    }

    private let state = Mutex(State())

    init() {
        state.withLock { state in
            state.collections = [
                ["id": "c0f6b52e-0000-4000-8000-000000000001", "name": "Engineering", "description": "How we build", "permission": "read_write"],
                ["id": "c0f6b52e-0000-4000-8000-000000000002", "name": "People", "description": "Hiring and handbook", "permission": "read"],
            ]
        }
    }

    /// Documents already in a collection, for paging.
    func seed(_ count: Int, in collection: Int = 0) {
        state.withLock { state in
            let collectionID = state.collections[collection]["id"] ?? .null
            for index in 0..<count {
                state.documents.append(Self.document(
                    id: UUID().uuidString.lowercased(), title: "Note \(index)", text: "Seeded note \(index)", collection: collectionID, parent: .null,
                    stamp: index))
            }
        }
    }

    var routes: UpstreamServer.Routes {
        { router, _ in
            router.post("/api/{method}") { request, context in
                let method = context.parameters.get("method") ?? ""
                guard request.headers[.authorization] == "Bearer \(Self.key)" else {
                    return Self.failure(401, "authentication_required", "Authentication required")
                }
                let body = try await request.body.collect(upTo: 1 << 20)
                guard let parameters = (try? JSONParser.parse(Array(buffer: body)))?.objectValue else {
                    return Self.failure(400, "validation_error", "Request body must be JSON")
                }
                return self.answer(method, parameters)
            }
        }
    }

    private func answer(_ method: String, _ parameters: JSONObject) -> Response {
        let limit = Int(parameters["limit"]?.integerValue ?? 25)
        let offset = Int(parameters["offset"]?.integerValue ?? 0)
        guard limit <= 100 else { return Self.failure(400, "validation_error", "limit: Number must be less than or equal to 100") }
        let id = parameters["id"]?.stringValue
        return state.withLock { state -> Response in
            state.clock += 1
            func page(_ items: [JSONValue]) -> Response {
                Self.json(["data": .array(Array(items.dropFirst(offset).prefix(limit))), "pagination": ["limit": .integer(Int64(limit)), "offset": .integer(Int64(offset))]])
            }
            func documentIndex() -> Int? { state.documents.firstIndex { $0["id"]?.stringValue == id || $0["urlId"]?.stringValue == id } }
            switch method {
            case "auth.info":
                return Self.json(["data": ["user": ["id": "u-1", "name": "Ada Lovelace"], "team": ["name": "Plugboard Test"]]])
            case "collections.list":
                let query = parameters["query"]?.stringValue?.lowercased()
                return page(state.collections.filter { query == nil || ($0["name"]?.stringValue?.lowercased().contains(query ?? "") ?? false) }.map(JSONValue.object))
            case "collections.info":
                guard let collection = state.collections.first(where: { $0["id"]?.stringValue == id }) else { return Self.notFound }
                return Self.json(["data": .object(collection)])
            case "documents.create":
                let collection = parameters["collectionId"] ?? .null
                guard collection == .null || state.collections.contains(where: { $0["id"] == collection }) else { return Self.notFound }
                let document = Self.document(
                    id: UUID().uuidString.lowercased(), title: parameters["title"]?.stringValue ?? "Untitled", text: parameters["text"]?.stringValue ?? "",
                    collection: collection, parent: parameters["parentDocumentId"] ?? .null, stamp: 1000 + state.clock)
                state.documents.append(document)
                return Self.json(["data": .object(document)])
            case "documents.update":
                guard let index = documentIndex() else { return Self.notFound }
                if let title = parameters["title"] { state.documents[index]["title"] = title }
                if let text = parameters["text"] { state.documents[index]["text"] = text }
                state.documents[index]["updatedAt"] = .string(Self.time(1000 + state.clock))
                return Self.json(["data": .object(state.documents[index])])
            case "documents.info":
                guard let index = documentIndex() else { return Self.notFound }
                return Self.json(["data": .object(state.documents[index])])
            case "documents.export":
                guard let index = documentIndex() else { return Self.notFound }
                let document = state.documents[index]
                return Self.json(["data": .string("# \(document["title"]?.stringValue ?? "")\n\n\(document["text"]?.stringValue ?? "")")])
            case "documents.list":
                let matching = state.documents.filter { document in
                    (parameters["collectionId"].map { document["collectionId"] == $0 } ?? true)
                        && (parameters["parentDocumentId"].map { document["parentDocumentId"] == $0 } ?? true)
                }
                return page(matching.sorted { ($0["updatedAt"]?.stringValue ?? "") > ($1["updatedAt"]?.stringValue ?? "") }.map(JSONValue.object))
            case "documents.search":
                let query = parameters["query"]?.stringValue?.lowercased() ?? ""
                if query == "busy", !state.limited {
                    state.limited = true
                    var response = Self.failure(429, "rate_limit_exceeded", nil)
                    response.headers[.retryAfter] = "1"
                    return response
                }
                let hits = state.documents.filter { document in
                    ((document["title"]?.stringValue ?? "") + " " + (document["text"]?.stringValue ?? "")).lowercased().contains(query)
                        && (parameters["collectionId"].map { document["collectionId"] == $0 } ?? true)
                }
                return page(hits.map { ["context": .string("…\($0["text"]?.stringValue ?? "")…"), "ranking": 1.18, "document": .object($0)] })
            case "documents.move":
                guard let index = documentIndex() else { return Self.notFound }
                if let collection = parameters["collectionId"] { state.documents[index]["collectionId"] = collection }
                if let parent = parameters["parentDocumentId"] { state.documents[index]["parentDocumentId"] = parent }
                return Self.json(["data": ["documents": [.object(state.documents[index])], "collections": .array(state.collections.map(JSONValue.object))]])
            case "documents.delete":
                guard let index = documentIndex() else { return Self.notFound }
                state.documents.remove(at: index)
                return Self.json(["success": true])
            case "comments.create":
                guard let document = parameters["documentId"], state.documents.contains(where: { $0["id"] == document }) else { return Self.notFound }
                let comment: JSONObject = [
                    "id": .string(UUID().uuidString.lowercased()), "documentId": document, "parentCommentId": parameters["parentCommentId"] ?? .null,
                    "data": ["type": "doc", "content": [["type": "paragraph", "content": [["type": "text", "text": parameters["text"] ?? ""]]]]],
                    "createdAt": .string(Self.time(1000 + state.clock)), "createdBy": ["id": "u-1", "name": "Ada Lovelace"],
                ]
                state.comments.append(comment)
                return Self.json(["data": .object(comment)])
            case "comments.list":
                return page(state.comments.filter { $0["documentId"] == parameters["documentId"] }.map(JSONValue.object))
            default:
                return Self.notFound
            }
        }
    }

    static func document(id: String, title: String, text: String, collection: JSONValue, parent: JSONValue, stamp: Int) -> JSONObject {
        [
            "id": .string(id), "urlId": .string(String(id.replacingOccurrences(of: "-", with: "").prefix(10))), "title": .string(title), "text": .string(text),
            "collectionId": collection, "parentDocumentId": parent, "createdAt": .string(time(stamp)), "updatedAt": .string(time(stamp)),
            "publishedAt": .string(time(stamp)),
        ]
    }

    static func time(_ stamp: Int) -> String {
        ISO8601.string(from: Date(timeIntervalSince1970: 1_764_800_000 + TimeInterval(stamp)))
    }

    static let notFound = failure(404, "not_found", "Resource not found")

    static func failure(_ status: Int, _ error: String, _ message: String?) -> Response {
        var body: JSONObject = ["ok": false, "error": .string(error), "status": .integer(Int64(status))]
        if let message { body["message"] = .string(message) }
        return json(.object(body), status: status)
    }

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}
