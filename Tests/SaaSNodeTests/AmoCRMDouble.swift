import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// An amoCRM API v4 double on an `UpstreamServer`, answering as amoCRM documents: HAL+JSON with `_embedded` and
/// `_links`, `page` and `limit` (at most 250), **204 with no body for an empty list or an unknown id**,
/// `application/problem+json` errors with `validation-errors` for a 400, a bearer token. Contacts searched for `busy`
/// answer 429 once.
final class AmoCRMDouble: Sendable {
    static let token = "amo-long-lived-eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test"

    private struct State {
        var entities: [String: [JSONObject]] = ["leads": [], "contacts": [], "companies": [], "tasks": []]
        var notes: [JSONObject] = []
        var next = 1000
        var limited = false
        var webhooks: [JSONObject] = []
    }

    /// Webhooks registered (`POST /api/v4/webhooks`): one per destination, its settings replaced when registered again.
    var webhooks: [JSONObject] { state.withLock { $0.webhooks } }

    private let state = Mutex(State())

    func seed(_ count: Int, _ entity: String = "leads") {
        for index in 0..<count { _ = add(entity, ["name": .string("Seeded \(index)"), "price": .integer(Int64(index))]) }
    }

    private func add(_ entity: String, _ item: JSONObject) -> JSONObject {
        state.withLock { state in
            state.next += 1
            var stored = item
            stored["id"] = .integer(Int64(state.next))
            stored["created_at"] = 1_764_800_000
            state.entities[entity, default: []].append(stored)
            return stored
        }
    }

    var routes: UpstreamServer.Routes {
        { router, _ in
            router.get("/api/v4/account") { request, _ in
                try self.authorized(request) { Self.json(["id": 30_000_001, "name": "Plugboard Test", "subdomain": "plugboard"]) }
            }
            router.get("/api/v4/leads/pipelines") { request, _ in
                try self.authorized(request) {
                    Self.json(["_embedded": ["pipelines": [["id": 7001, "name": "Sales", "is_main": true, "_embedded": ["statuses": [
                        ["id": 142, "name": "Closed - won"], ["id": 143, "name": "Closed - lost"], ["id": 55_001, "name": "New"],
                    ]]]]]])
                }
            }
            router.post("/api/v4/webhooks") { request, _ in
                try await self.authorizedAsync(request) {
                    let body = try await request.body.collect(upTo: 1 << 20)
                    guard let hook = (try? JSONParser.parse(Array(buffer: body)))?.objectValue, let destination = hook["destination"] else {
                        return Self.problem(400, "Bad Request", "destination is required")
                    }
                    let stored = self.state.withLock { state -> JSONObject in
                        var stored = hook
                        stored["id"] = .integer(Int64(state.webhooks.count + 1))
                        state.webhooks.removeAll { $0["destination"] == destination }
                        state.webhooks.append(stored)
                        return stored
                    }
                    return Self.json(.object(stored))
                }
            }
            router.post("/api/v4/leads/complex") { request, _ in
                try await self.authorizedAsync(request) {
                    let items = try await Self.items(request)
                    let made = items.enumerated().map { index, lead -> JSONValue in
                        let contact = (lead["_embedded"]?["contacts"]?.arrayValue?.first?.objectValue).map { self.add("contacts", $0)["id"] ?? .null } ?? .null
                        let company = (lead["_embedded"]?["companies"]?.arrayValue?.first?.objectValue).map { self.add("companies", $0)["id"] ?? .null } ?? .null
                        var stored = lead.objectValue ?? [:]
                        stored["_embedded"] = nil
                        let id = self.add("leads", stored)["id"] ?? .null
                        return ["id": id, "contact_id": contact, "company_id": company, "request_id": [.string(String(index))], "merged": false]
                    }
                    return Self.json(.array(made))
                }
            }
            for entity in ["leads", "contacts", "companies", "tasks"] {
                router.get(RouterPath("/api/v4/\(entity)")) { request, _ in try self.authorized(request) { self.list(entity, request) } }
                router.get(RouterPath("/api/v4/\(entity)/{id}")) { request, context in
                    try self.authorized(request) {
                        let id = Int64(context.parameters.get("id") ?? "") ?? 0
                        guard let item = self.state.withLock({ $0.entities[entity]?.first { $0["id"]?.integerValue == id } }) else { return Self.empty }
                        return Self.json(.object(item))
                    }
                }
                router.post(RouterPath("/api/v4/\(entity)")) { request, _ in
                    try await self.authorizedAsync(request) {
                        let items = try await Self.items(request)
                        if let bad = items.firstIndex(where: { $0["price"]?.stringValue != nil }) {
                            return Self.problem(400, "Bad Request", "Request validation failed", validation: [
                                ["request_id": .string(String(bad)), "errors": [["code": "InvalidType", "path": "price", "detail": "This value should be of type int."]]],
                            ])
                        }
                        let made = items.enumerated().map { index, item -> JSONValue in
                            let stored = self.add(entity, item.objectValue ?? [:])
                            return ["id": stored["id"] ?? .null, "request_id": .string(String(index)), "_links": ["self": ["href": .string("/api/v4/\(entity)/\(stored["id"]?.integerValue ?? 0)")]]]
                        }
                        return Self.json(["_links": ["self": ["href": .string("/api/v4/\(entity)")]], "_embedded": [entity: .array(made)]])
                    }
                }
                router.patch(RouterPath("/api/v4/\(entity)/{id}")) { request, context in
                    try await self.authorizedAsync(request) {
                        let id = Int64(context.parameters.get("id") ?? "") ?? 0
                        let body = try await request.body.collect(upTo: 1 << 20)
                        let changes = (try? JSONParser.parse(Array(buffer: body)))?.objectValue ?? [:]
                        let updated = self.state.withLock { state -> Bool in
                            guard let index = state.entities[entity]?.firstIndex(where: { $0["id"]?.integerValue == id }) else { return false }
                            for (name, value) in changes { state.entities[entity]?[index][name] = value }
                            return true
                        }
                        guard updated else { return Self.problem(404, "Not Found", "Entity not found") }
                        return Self.json(["id": .integer(id), "updated_at": 1_764_800_100, "_links": ["self": ["href": .string("/api/v4/\(entity)/\(id)")]]])
                    }
                }
                router.post(RouterPath("/api/v4/\(entity)/notes")) { request, _ in
                    try await self.authorizedAsync(request) {
                        let notes = try await Self.items(request).enumerated().map { index, note -> JSONValue in
                            var stored = note.objectValue ?? [:]
                            stored["entity_type"] = .string(entity)
                            let id = self.state.withLock { state -> Int64 in
                                state.next += 1
                                stored["id"] = .integer(Int64(state.next))
                                state.notes.append(stored)
                                return Int64(state.next)
                            }
                            return ["id": .integer(id), "entity_id": stored["entity_id"] ?? .null, "request_id": .string(String(index))]
                        }
                        return Self.json(["_embedded": ["notes": .array(notes)]])
                    }
                }
                router.get(RouterPath("/api/v4/\(entity)/{id}/notes")) { request, context in
                    try self.authorized(request) {
                        let id = Int64(context.parameters.get("id") ?? "") ?? 0
                        let notes = self.state.withLock { $0.notes }.filter { $0["entity_type"]?.stringValue == entity && $0["entity_id"]?.integerValue == id }
                        return Self.page(notes, key: "notes", request)
                    }
                }
            }
        }
    }

    private func list(_ entity: String, _ request: Request) -> Response {
        let parameters = request.uri.queryParameters
        let query = parameters["query"].map(String.init)?.lowercased()
        if entity == "contacts", query == "busy", state.withLock({ state in defer { state.limited = true }; return !state.limited }) {
            return Self.problem(429, "Too Many Requests", "Too many requests")
        }
        let filteredID = parameters.first { String($0.key).removingPercentEncoding == "filter[id]" }.flatMap { Int64(String($0.value)) }
        let items = state.withLock { $0.entities[entity] ?? [] }.filter { item in
            (query.map { (item["name"]?.stringValue?.lowercased() ?? "").contains($0) } ?? true) && (filteredID.map { item["id"]?.integerValue == $0 } ?? true)
        }
        return Self.page(items, key: entity, request)
    }

    static func page(_ items: [JSONObject], key: String, _ request: Request) -> Response {
        let parameters = request.uri.queryParameters
        let limit = Int(parameters["limit"].map(String.init) ?? "50") ?? 50
        guard limit <= 250 else { return problem(400, "Bad Request", "limit must be less than or equal to 250") }
        let page = Int(parameters["page"].map(String.init) ?? "1") ?? 1
        let slice = Array(items.dropFirst((page - 1) * limit).prefix(limit))
        guard !slice.isEmpty else { return empty }
        var links: JSONObject = ["self": ["href": .string("/api/v4/\(key)?page=\(page)&limit=\(limit)")]]
        if page * limit < items.count { links["next"] = ["href": .string("/api/v4/\(key)?page=\(page + 1)&limit=\(limit)")] }
        return json(["_page": .integer(Int64(page)), "_links": .object(links), "_embedded": [key: .array(slice.map(JSONValue.object))]])
    }

    private func authorized(_ request: Request, _ body: () throws -> Response) throws -> Response {
        guard request.headers[.authorization] == "Bearer \(Self.token)" else { return Self.problem(401, "Unauthorized", "Unauthorized") }
        return try body()
    }

    private func authorizedAsync(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        guard request.headers[.authorization] == "Bearer \(Self.token)" else { return Self.problem(401, "Unauthorized", "Unauthorized") }
        return try await body()
    }

    static func items(_ request: Request) async throws -> [JSONValue] {
        let body = try await request.body.collect(upTo: 4 << 20)
        return (try? JSONParser.parse(Array(buffer: body)))?.arrayValue ?? []
    }

    static let empty = Response(status: .noContent)

    static func problem(_ status: Int, _ title: String, _ detail: String, validation: [JSONValue]? = nil) -> Response {
        var body: JSONObject = ["title": .string(title), "type": .string("https://httpstatus.es/\(status)"), "status": .integer(Int64(status)), "detail": .string(detail)]
        if let validation { body["validation-errors"] = .array(validation) }
        return Response(status: .init(code: status), headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: JSONValue.object(body).jsonBytes())))
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/hal+json"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}
