import Foundation
import HTTPTypes
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// A Linear double on an `UpstreamServer`: `POST /graphql` with `{query, variables}`, a personal key as
/// `Authorization: <key>` (no Bearer), answers `{data}` or `{errors: [{message, extensions: {code, type,
/// userPresentableMessage}}]}` as Linear's GraphQL API gives them, connections paged with `first`, `after` and
/// `pageInfo {hasNextPage, endCursor}`. It answers the operations the node sends, by operation name. A search for
/// `busy` is refused with `RATELIMITED` and the `X-RateLimit-Requests-*` headers.
final class LinearDouble: Sendable {
    static let key = "lin_api_t3stK3y0000000000000000000000000000"

    private struct State {
        var issues: [JSONObject] = []
        var comments: [JSONObject] = []
        var number = 0
        var webhooks: [JSONObject] = []
    }

    /// The webhooks registered, with their url, secret and settings.
    var webhooks: [JSONObject] { state.withLock { $0.webhooks } }

    private let state = Mutex(State())
    static let teams: [JSONValue] = [["id": "team-eng", "key": "ENG", "name": "Engineering"], ["id": "team-ops", "key": "OPS", "name": "Operations"]]
    static let states: [JSONValue] = [
        ["id": "state-todo", "name": "Todo", "type": "unstarted", "position": 1, "team": ["id": "team-eng", "key": "ENG"]],
        ["id": "state-done", "name": "Done", "type": "completed", "position": 3, "team": ["id": "team-eng", "key": "ENG"]],
        ["id": "state-ops", "name": "Backlog", "type": "backlog", "position": 0, "team": ["id": "team-ops", "key": "OPS"]],
    ]
    static let labels: [JSONValue] = [["id": "label-bug", "name": "Bug", "color": "#eb5757", "team": ["id": "team-eng", "key": "ENG"]]]
    static let users: [JSONValue] = [["id": "user-ada", "name": "Ada Lovelace", "email": "ada@example.com", "active": true]]
    static let projects: [JSONValue] = [["id": "project-q4", "name": "Q4 launch", "state": "started", "url": "https://linear.app/x/project/q4", "targetDate": "2026-12-31"]]

    /// Issues already in ENG, for paging.
    func seed(_ count: Int) {
        for index in 0..<count { _ = create(["teamId": "team-eng", "title": .string("Seeded bug \(index)")]) }
    }

    var routes: UpstreamServer.Routes {
        { router, _ in
            router.post("/graphql") { request, _ in
                guard request.headers[.authorization] == Self.key else {
                    return Self.errors([Self.error("Authentication required, not authenticated", code: "AUTHENTICATION_ERROR", type: "authentication error",
                                                   presentable: "You need to authenticate to access this operation.")], status: 400)
                }
                let body = try await request.body.collect(upTo: 1 << 20)
                guard let json = try? JSONParser.parse(Array(buffer: body)), let query = json["query"]?.stringValue else {
                    return Self.errors([Self.error("Must provide query string.", code: "GRAPHQL_VALIDATION_FAILED", type: "graphql error", presentable: nil)], status: 400)
                }
                let name = query.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "{" }).dropFirst().first.map(String.init) ?? ""
                return self.answer(name, json["variables"]?.objectValue ?? [:])
            }
        }
    }

    private func answer(_ operation: String, _ variables: JSONObject) -> Response {
        let id = variables["id"]?.stringValue
        switch operation {
        case "Viewer":
            return Self.data(["viewer": ["id": "user-ada", "name": "Ada Lovelace", "email": "ada@example.com"], "organization": ["id": "org", "name": "Plugboard Test", "urlKey": "plugboard"]])
        case "IssueCreate":
            guard let team = variables["input"]?["teamId"]?.stringValue, Self.teams.contains(where: { $0["id"]?.stringValue == team }) else {
                return Self.errors([Self.error("Entity not found: Team", code: "INPUT_ERROR", type: "invalid input", presentable: "Could not find referenced Team.")])
            }
            return Self.data(["issueCreate": ["success": true, "issue": .object(create(variables["input"]?.objectValue ?? [:]))]])
        case "IssueUpdate":
            guard let issue = update(id, variables["input"]?.objectValue ?? [:]) else { return Self.notFound("Issue") }
            return Self.data(["issueUpdate": ["success": true, "issue": .object(issue)]])
        case "Issue":
            guard let issue = find(id) else { return Self.notFound("Issue") }
            return Self.data(["issue": .object(issue)])
        case "IssueArchive":
            guard update(id, ["archivedAt": "2026-12-04T12:00:00.000Z"]) != nil else { return Self.notFound("Issue") }
            return Self.data(["issueArchive": ["success": true]])
        case "SearchIssues":
            let term = variables["term"]?.stringValue?.lowercased() ?? ""
            if term == "busy" {
                var response = Self.errors([Self.error("Rate limit exceeded", code: "RATELIMITED", type: "ratelimited", presentable: "Too many requests. Please try again later.")], status: 400)
                let reset = String(Int64((Date().timeIntervalSince1970 + 30) * 1000))
                for (name, value) in [("X-RateLimit-Requests-Limit", "1500"), ("X-RateLimit-Requests-Remaining", "0"), ("X-RateLimit-Requests-Reset", reset)] {
                    if let field = HTTPField.Name(name) { response.headers[field] = value }
                }
                return response
            }
            let hits = state.withLock { $0.issues }.filter { issue in
                issue["archivedAt"] == .null && (issue["title"]?.stringValue?.lowercased().contains(term) ?? false)
                    && (variables["teamId"].map { issue["team"]?["id"] == $0 } ?? true)
            }
            return Self.data(["searchIssues": Self.page(hits.map(JSONValue.object), variables)])
        case "CommentCreate":
            guard let issueID = variables["input"]?["issueId"]?.stringValue, find(issueID) != nil else { return Self.notFound("Issue") }
            let comment: JSONObject = [
                "id": .string("comment-\(UUID().uuidString.prefix(8).lowercased())"), "issueId": .string(issueID), "body": variables["input"]?["body"] ?? "",
                "url": "https://linear.app/plugboard/issue/comment", "createdAt": "2026-12-04T12:00:00.000Z", "user": ["id": "user-ada", "name": "Ada Lovelace"],
            ]
            state.withLock { $0.comments.append(comment) }
            return Self.data(["commentCreate": ["success": true, "comment": .object(comment)]])
        case "IssueComments":
            guard let issue = find(id) else { return Self.notFound("Issue") }
            let comments = state.withLock { $0.comments }.filter { $0["issueId"] == issue["id"] }.map { comment -> JSONValue in
                var visible = comment
                visible["issueId"] = nil
                return .object(visible)
            }
            return Self.data(["issue": ["comments": Self.page(comments, variables)]])
        case "Webhooks":
            return Self.data(["webhooks": Self.page(state.withLock { $0.webhooks }.map(JSONValue.object), variables)])
        case "WebhookCreate":
            var webhook = variables["input"]?.objectValue ?? [:]
            webhook["id"] = .string("webhook-\(UUID().uuidString.prefix(8).lowercased())")
            state.withLock { $0.webhooks.append(webhook) }
            return Self.data(["webhookCreate": ["success": true, "webhook": ["id": webhook["id"] ?? .null, "enabled": true]]])
        case "WebhookUpdate":
            let updated = state.withLock { state -> Bool in
                guard let index = state.webhooks.firstIndex(where: { $0["id"]?.stringValue == id }) else { return false }
                for (name, value) in variables["input"]?.objectValue ?? [:] { state.webhooks[index][name] = value }
                return true
            }
            guard updated else { return Self.notFound("Webhook") }
            return Self.data(["webhookUpdate": ["success": true, "webhook": ["id": .string(id ?? ""), "enabled": true]]])
        case "Teams": return Self.data(["teams": Self.page(Self.teams, variables)])
        case "Users": return Self.data(["users": Self.page(Self.users, variables)])
        case "Projects": return Self.data(["projects": Self.page(Self.projects, variables)])
        case "WorkflowStates": return Self.data(["workflowStates": Self.page(Self.byTeam(Self.states, variables), variables)])
        case "IssueLabels": return Self.data(["issueLabels": Self.page(Self.byTeam(Self.labels, variables), variables)])
        default:
            return Self.errors([Self.error("Cannot query operation \(operation)", code: "GRAPHQL_VALIDATION_FAILED", type: "graphql error", presentable: nil)], status: 400)
        }
    }

    private func create(_ input: JSONObject) -> JSONObject {
        state.withLock { state in
            state.number += 1
            let team = Self.teams.first { $0["id"] == input["teamId"] } ?? Self.teams[0]
            let identifier = "\(team["key"]?.stringValue ?? "ENG")-\(state.number)"
            var issue: JSONObject = [
                "id": .string("issue-\(state.number)"), "identifier": .string(identifier), "title": input["title"] ?? "", "description": input["description"] ?? .null,
                "priority": input["priority"] ?? 0, "url": .string("https://linear.app/plugboard/issue/\(identifier)"), "createdAt": "2026-12-04T12:00:00.000Z",
                "updatedAt": "2026-12-04T12:00:00.000Z", "archivedAt": .null, "team": team,
                "state": Self.states.first { $0["team"]?["id"] == team["id"] } ?? .null, "assignee": .null, "labels": ["nodes": []], "project": .null,
            ]
            Self.apply(input, to: &issue)
            state.issues.append(issue)
            return issue
        }
    }

    private func update(_ id: String?, _ input: JSONObject) -> JSONObject? {
        state.withLock { state in
            guard let index = state.issues.firstIndex(where: { $0["id"]?.stringValue == id || $0["identifier"]?.stringValue == id }) else { return nil }
            Self.apply(input, to: &state.issues[index])
            if let archived = input["archivedAt"] { state.issues[index]["archivedAt"] = archived }
            return state.issues[index]
        }
    }

    private func find(_ id: String?) -> JSONObject? {
        state.withLock { $0.issues.first { $0["id"]?.stringValue == id || $0["identifier"]?.stringValue == id } }
    }

    private static func apply(_ input: JSONObject, to issue: inout JSONObject) {
        for name in ["title", "description", "priority"] { if let value = input[name] { issue[name] = value } }
        if let state = input["stateId"] { issue["state"] = states.first { $0["id"] == state } ?? .null }
        if let assignee = input["assigneeId"] { issue["assignee"] = users.first { $0["id"] == assignee } ?? .null }
        if let ids = input["labelIds"]?.arrayValue { issue["labels"] = ["nodes": .array(labels.filter { ids.contains($0["id"] ?? .null) })] }
        if let project = input["projectId"] { issue["project"] = projects.first { $0["id"] == project } ?? .null }
    }

    private static func byTeam(_ items: [JSONValue], _ variables: JSONObject) -> [JSONValue] {
        guard let team = variables["filter"]?["team"]?["id"]?["eq"] else { return items }
        return items.filter { $0["team"]?["id"] == team }
    }

    /// A Relay connection: `first` nodes after the cursor (an index), and where the page ends.
    static func page(_ items: [JSONValue], _ variables: JSONObject) -> JSONValue {
        let first = Int(variables["first"]?.integerValue ?? 50)
        let start = variables["after"]?.stringValue.flatMap { Int($0) }.map { $0 + 1 } ?? 0
        let nodes = Array(items.dropFirst(start).prefix(first))
        let end = start + nodes.count - 1
        return ["nodes": .array(nodes), "pageInfo": ["hasNextPage": .bool(end + 1 < items.count), "endCursor": nodes.isEmpty ? .null : .string(String(end))]]
    }

    static func error(_ message: String, code: String, type: String, presentable: String?) -> JSONValue {
        var extensions: JSONObject = ["code": .string(code), "type": .string(type)]
        if let presentable { extensions["userPresentableMessage"] = .string(presentable) }
        return ["message": .string(message), "extensions": .object(extensions)]
    }

    static func notFound(_ entity: String) -> Response {
        errors([error("Entity not found: \(entity)", code: "INPUT_ERROR", type: "invalid input", presentable: "Could not find referenced \(entity).")])
    }

    static func data(_ value: JSONValue) -> Response { json(["data": value]) }

    static func errors(_ errors: [JSONValue], status: Int = 200) -> Response { json(["data": .null, "errors": .array(errors)], status: status) }

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}
