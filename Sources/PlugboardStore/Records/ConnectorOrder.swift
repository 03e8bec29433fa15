/// How a list of connectors is ordered: by a column the table can sort on, ascending or descending.
public struct ConnectorOrder: Sendable, Hashable {
    /// The columns connectors can be sorted by; the raw values are the API's `sort` parameter.
    public enum Key: String, Sendable, Hashable, CaseIterable {
        case name
        case createdAt
        case type
    }

    /// The column to sort by.
    public var key: Key
    /// Whether the list runs from the largest value down.
    public var descending: Bool

    /// By `key`; ascending unless `descending`.
    public init(key: Key = .name, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    /// The ORDER BY text for both stores; only fixed column names ever reach the SQL, with the id as tie-breaker.
    var sqlClause: String {
        let column: String
        switch key {
        case .name: column = "name"
        case .createdAt: column = "created_at"
        case .type: column = "type"
        }
        let direction = descending ? "DESC" : "ASC"
        return "\(column) \(direction), id \(direction)"
    }
}
