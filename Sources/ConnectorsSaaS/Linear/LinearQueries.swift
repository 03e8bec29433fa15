/// The GraphQL documents the `linear` node sends, each named, with the fields its answers give.
enum LinearQueries {
    static let issueFields = """
        fragment IssueFields on Issue { id identifier title description priority url createdAt updatedAt archivedAt \
        state { id name type } team { id key name } assignee { id name email } labels { nodes { id name } } project { id name } }
        """

    static let viewer = "query Viewer { viewer { id name email } organization { id name urlKey } }"
    static let issue = "query Issue($id: String!) { issue(id: $id) { ...IssueFields } } \(issueFields)"
    static let issueCreate = "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ...IssueFields } } } \(issueFields)"
    static let issueUpdate = "mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { ...IssueFields } } } \(issueFields)"
    static let issueArchive = "mutation IssueArchive($id: String!) { issueArchive(id: $id) { success } }"
    static let searchIssues = """
        query SearchIssues($term: String!, $teamId: String, $first: Int, $after: String) { searchIssues(term: $term, teamId: $teamId, first: $first, \
        after: $after) { nodes { ...IssueFields } pageInfo { hasNextPage endCursor } } } \(issueFields)
        """
    static let commentCreate = "mutation CommentCreate($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id body url createdAt user { id name } } } }"
    static let comments = """
        query IssueComments($id: String!, $first: Int, $after: String) { issue(id: $id) { comments(first: $first, after: $after) { nodes { id body url \
        createdAt user { id name } } pageInfo { hasNextPage endCursor } } } }
        """
    static let teams = "query Teams($first: Int, $after: String) { teams(first: $first, after: $after) { nodes { id key name } pageInfo { hasNextPage endCursor } } }"
    static let users = "query Users($first: Int, $after: String) { users(first: $first, after: $after) { nodes { id name email active } pageInfo { hasNextPage endCursor } } }"
    static let workflowStates = """
        query WorkflowStates($filter: WorkflowStateFilter, $first: Int, $after: String) { workflowStates(filter: $filter, first: $first, after: $after) \
        { nodes { id name type position team { id key } } pageInfo { hasNextPage endCursor } } }
        """
    static let labels = """
        query IssueLabels($filter: IssueLabelFilter, $first: Int, $after: String) { issueLabels(filter: $filter, first: $first, after: $after) \
        { nodes { id name color team { id key } } pageInfo { hasNextPage endCursor } } }
        """
    static let projects = """
        query Projects($first: Int, $after: String) { projects(first: $first, after: $after) { nodes { id name state url targetDate } \
        pageInfo { hasNextPage endCursor } } }
        """
}
