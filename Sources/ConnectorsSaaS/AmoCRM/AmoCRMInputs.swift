import PlugboardCore

/// A list: search words, linked entities to embed, filters, and how many at most.
struct AmoCRMListInput: FieldSet {
    var query: String?
    var with: String?
    var filter: FieldMap<String> = [:]
    var limit = 250

    init() {}

    static let fields = FieldList<Self> {
        Field("query", \.query, title: "Search", description: "Words, a phone or an email to look for.")
        Field("with", \.with, title: "Embed", description: "Comma-separated: contacts, leads, catalog_elements, loss_reason…")
        Field("filter", \.filter, title: "Filter", description: "amoCRM filters by name, such as id, responsible_user_id, statuses[0][pipeline_id].")
        Field("limit", \.limit, title: "At most", description: "Across pages of 250.", minimum: 1, maximum: 10_000)
    }

    var parameters: [(String, String)] {
        var query: [(String, String)] = []
        if let words = self.query { query.append(("query", words)) }
        if let with { query.append(("with", with)) }
        for (name, value) in filter { query.append(("filter[\(name.replacingOccurrences(of: "[", with: "][").replacingOccurrences(of: "]]", with: "]"))]", value)) }
        return query
    }
}

struct AmoCRMGetInput: FieldSet {
    var id = 0
    var with: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", minimum: 1, required: true)
        Field("with", \.with, title: "Embed", description: "Comma-separated linked entities to include.")
    }
}

/// Entities to create, in amoCRM's own shape (name, price, status_id, custom_fields_values, _embedded…).
struct AmoCRMCreateInput: FieldSet {
    var items: [JSONValue] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("items", \.items, title: "Items", description: "Up to 250 objects in amoCRM's shape, created in one request.", required: true)
    }
}

struct AmoCRMUpdateInput: FieldSet {
    var id = 0
    var changes: JSONValue = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", minimum: 1, required: true)
        Field("changes", \.changes, title: "Changes", description: "An object in amoCRM's shape: name, price, status_id, custom_fields_values…", required: true)
    }
}

struct AmoCRMNotesInput: FieldSet {
    enum EntityType: String, FieldChoice { case leads, contacts, companies }

    var entityType = EntityType.leads
    var entityId: Int?
    var notes: [JSONValue] = []
    var limit = 250

    init() {}

    static let fields = FieldList<Self> {
        Field("entityType", \.entityType, title: "On", description: "leads, contacts or companies.")
        Field("entityId", \.entityId, title: "Entity id", description: "Whose notes to list.", minimum: 1)
        Field("notes", \.notes, title: "Notes", description: "To add: objects such as {entity_id, note_type: common, params: {text}}.")
        Field("limit", \.limit, title: "At most", minimum: 1, maximum: 10_000)
    }
}
