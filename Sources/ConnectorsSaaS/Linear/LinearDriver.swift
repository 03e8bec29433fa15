import ConnectorsHTTP
import PlugboardCore

/// The `linear` node: issues, comments, teams, users, workflow states, labels and projects in Linear, through its
/// GraphQL API.
public struct LinearDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "linear", category: "Productivity", displayName: "Linear",
        description: """
            Linear's issue tracker: create, update, read, search and archive issues, comment on them and read their \
            comments, and list teams, users, workflow states, labels and projects (across pages, up to a limit). A \
            personal API key or an OAuth2 credential; a rate limit is reported with Linear's budget headers.
            """,
        credentialKinds: [.apiKey, .oauth2], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<LinearSession>] {
        [
            Self.createIssue, Self.updateIssue, Self.getIssue, Self.searchIssues, Self.archiveIssue, Self.createComment, Self.listComments,
            Self.list("list_teams", "Teams", LinearQueries.teams, at: "teams", as: "teams"),
            Self.list("list_users", "Users", LinearQueries.users, at: "users", as: "users"),
            Self.list("list_workflow_states", "Workflow states", LinearQueries.workflowStates, at: "workflowStates", as: "states", byTeam: true),
            Self.list("list_labels", "Labels", LinearQueries.labels, at: "issueLabels", as: "labels", byTeam: true),
            Self.list("list_projects", "Projects", LinearQueries.projects, at: "projects", as: "projects"),
        ]
    }

    public func openSession(_ configuration: LinearConfiguration, context: SessionContext) async throws -> LinearSession {
        LinearSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// Who the credential is, and in which workspace.
    public func test(_ session: LinearSession, context: CallContext) async throws -> JSONValue {
        let data = try await session.run(LinearQueries.viewer, context: context)
        return ["user": data["viewer"]?["name"] ?? .null, "organization": data["organization"]?["name"] ?? .null]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let issue = Schema.object([:], additionalProperties: true, description: "The issue, with its state, team, assignee, labels and project.")

    static func nodes(_ name: String) -> JSONValue {
        Schema.object([name: Schema.array(Schema.object([:], additionalProperties: true)), "count": Schema.integer()], required: [name, "count"])
    }

    /// The mutation's `success`, and its payload.
    static func payload(_ data: JSONValue, _ field: String, _ key: String) throws -> JSONValue {
        guard data[field]?["success"] == true, let value = data[field]?[key] else {
            throw ConnectorError(.upstreamError, message: "Linear did not confirm \(field).")
        }
        return value
    }

    static let createIssue = ConnectorAction<LinearSession>(
        name: "create_issue", title: "Create an issue", description: "A new issue in a team.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: LinearIssueInput.self, outputSchema: issue
    ) { session, input, context in
        guard input.teamId != nil, input.title?.isEmpty == false else {
            throw ConnectorError.invalidInput("A new issue needs a team id and a title.", field: input.teamId == nil ? "teamId" : "title")
        }
        return try payload(try await session.run(LinearQueries.issueCreate, ["input": .object(input.input)], context: context), "issueCreate", "issue")
    }

    static let updateIssue = ConnectorAction<LinearSession>(
        name: "update_issue", title: "Update an issue", description: "Changes an issue's title, description, state, assignee, priority, labels…",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: LinearIssueInput.self, outputSchema: issue
    ) { session, input, context in
        guard let id = input.id else { throw ConnectorError.invalidInput("Name the issue to update.", field: "id") }
        var changes = input.input
        changes["teamId"] = input.teamId.map(JSONValue.string)
        guard !changes.isEmpty else { throw ConnectorError.invalidInput("Give at least one field to change.", field: "title") }
        return try payload(
            try await session.run(LinearQueries.issueUpdate, ["id": .string(id), "input": .object(changes)], context: context), "issueUpdate", "issue")
    }

    static let getIssue = ConnectorAction<LinearSession>(
        name: "get_issue", title: "Read an issue", description: "An issue by id or identifier (ENG-123).", annotations: reads,
        input: LinearIdInput.self, outputSchema: issue
    ) { session, input, context in
        try await session.run(LinearQueries.issue, ["id": .string(input.id)], context: context)["issue"] ?? .null
    }

    static let searchIssues = ConnectorAction<LinearSession>(
        name: "search_issues", title: "Search issues", description: "Issues matching words, across pages.", annotations: reads,
        input: LinearListInput.self, outputSchema: nodes("issues")
    ) { session, input, context in
        guard let term = input.query, !term.isEmpty else { throw ConnectorError.invalidInput("Give words to search for.", field: "query") }
        var variables: JSONObject = ["term": .string(term)]
        if let team = input.teamId { variables["teamId"] = .string(team) }
        let issues = try await session.nodes(LinearQueries.searchIssues, variables, at: ["searchIssues"], limit: input.limit, context: context)
        return ["issues": .array(issues), "count": .integer(Int64(issues.count))]
    }

    static let archiveIssue = ConnectorAction<LinearSession>(
        name: "archive_issue", title: "Archive an issue", description: "Moves an issue to the archive.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: LinearIdInput.self,
        outputSchema: Schema.object(["archived": Schema.boolean()], required: ["archived"])
    ) { session, input, context in
        let data = try await session.run(LinearQueries.issueArchive, ["id": .string(input.id)], context: context)
        return ["archived": data["issueArchive"]?["success"] ?? false]
    }

    static let createComment = ConnectorAction<LinearSession>(
        name: "create_comment", title: "Comment on an issue", description: "A comment (Markdown) on an issue.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: LinearCommentInput.self,
        outputSchema: Schema.object([:], additionalProperties: true)
    ) { session, input, context in
        try payload(
            try await session.run(LinearQueries.commentCreate, ["input": ["issueId": .string(input.issueId), "body": .string(input.body)]], context: context),
            "commentCreate", "comment")
    }

    static let listComments = ConnectorAction<LinearSession>(
        name: "list_comments", title: "List an issue's comments", description: "Comments on an issue, across pages.", annotations: reads,
        input: LinearListInput.self, outputSchema: nodes("comments")
    ) { session, input, context in
        guard let issue = input.issueId, !issue.isEmpty else { throw ConnectorError.invalidInput("Name the issue.", field: "issueId") }
        let comments = try await session.nodes(LinearQueries.comments, ["id": .string(issue)], at: ["issue", "comments"], limit: input.limit, context: context)
        return ["comments": .array(comments), "count": .integer(Int64(comments.count))]
    }

    /// A plain list action over the connection `data.<field>`, answered as `key`; `byTeam` narrows it to the input's team.
    static func list(
        _ name: String, _ title: String, _ query: String, at field: String, as key: String, byTeam: Bool = false
    ) -> ConnectorAction<LinearSession> {
        ConnectorAction<LinearSession>(
            name: name, title: title, description: "\(title), across pages\(byTeam ? ", of one team when a team id is given" : "").",
            annotations: reads, input: LinearListInput.self, outputSchema: nodes(key)
        ) { session, input, context in
            var variables: JSONObject = [:]
            if byTeam, let team = input.teamId { variables["filter"] = ["team": ["id": ["eq": .string(team)]]] }
            let items = try await session.nodes(query, variables, at: [field], limit: input.limit, context: context)
            return [key: .array(items), "count": .integer(Int64(items.count))]
        }
    }
}
