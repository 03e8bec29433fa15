import PlugboardCore

/// An issue to create or change; `id` (or identifier such as ENG-123) names the one to change.
struct LinearIssueInput: FieldSet {
    var id: String?
    var teamId: String?
    var title: String?
    var description: String?
    var priority: Int?
    var assigneeId: String?
    var stateId: String?
    var labelIds: [String]?
    var projectId: String?
    var dueDate: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Issue", description: "The issue to update: its id or identifier (ENG-123).")
        Field("teamId", \.teamId, title: "Team id", description: "The team a new issue belongs to.")
        Field("title", \.title, title: "Title")
        Field("description", \.description, title: "Description", description: "Markdown.")
        Field("priority", \.priority, title: "Priority", description: "0 none, 1 urgent, 2 high, 3 medium, 4 low.", minimum: 0, maximum: 4)
        Field("assigneeId", \.assigneeId, title: "Assignee id")
        Field("stateId", \.stateId, title: "Workflow state id")
        Field("labelIds", \.labelIds, title: "Label ids")
        Field("projectId", \.projectId, title: "Project id")
        Field("dueDate", \.dueDate, title: "Due date", description: "YYYY-MM-DD.")
    }

    /// The GraphQL input object, with what was given.
    var input: JSONObject {
        var object: JSONObject = [:]
        let texts: [(String, String?)] = [
            ("teamId", teamId), ("title", title), ("description", description), ("assigneeId", assigneeId), ("stateId", stateId),
            ("projectId", projectId), ("dueDate", dueDate),
        ]
        for (name, value) in texts { if let value { object[name] = .string(value) } }
        if let priority { object["priority"] = .integer(Int64(priority)) }
        if let labelIds { object["labelIds"] = .array(labelIds.map(JSONValue.string)) }
        return object
    }
}

struct LinearIdInput: FieldSet {
    var id = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Issue", description: "Its id or identifier (ENG-123).", minLength: 1, required: true)
    }
}

/// A paged list, with what narrows it.
struct LinearListInput: FieldSet {
    var query: String?
    var teamId: String?
    var issueId: String?
    var limit = 50

    init() {}

    static let fields = FieldList<Self> {
        Field("query", \.query, title: "Search", description: "Words to look for, for issue search.")
        Field("teamId", \.teamId, title: "Team id", description: "Only this team's (search, workflow states, labels).")
        Field("issueId", \.issueId, title: "Issue", description: "The issue whose comments to list: its id or identifier.")
        Field("limit", \.limit, title: "At most", description: "Items across pages of 100.", minimum: 1, maximum: 5000)
    }
}

struct LinearCommentInput: FieldSet {
    var issueId = ""
    var body = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("issueId", \.issueId, title: "Issue", description: "Its id (comments need the id, not the identifier).", minLength: 1, required: true)
        Field("body", \.body, title: "Comment", description: "Markdown.", minLength: 1, required: true)
    }
}
