import PlugboardCore

/// A document to create or change; `id` names the one to change.
struct OutlineDocumentInput: FieldSet {
    var id: String?
    var title: String?
    var text: String?
    var collectionId: String?
    var parentDocumentId: String?
    var publish: Bool?

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Document id", description: "The document to update (its id or URL id).")
        Field("title", \.title, title: "Title", maxLength: 100)
        Field("text", \.text, title: "Text", description: "Markdown.")
        Field("collectionId", \.collectionId, title: "Collection id", description: "Where a new document goes.")
        Field("parentDocumentId", \.parentDocumentId, title: "Parent document id", description: "Nest a new document under another.")
        Field("publish", \.publish, title: "Publish", description: "A new document is published unless this is false; on an update, true publishes a draft.")
    }

    /// The members given; `publishing` is what a document gets when `publish` is not said (true when creating).
    func parameters(publishing: Bool?) -> JSONObject {
        var object: JSONObject = [:]
        if let publish = publish ?? publishing { object["publish"] = .bool(publish) }
        for (name, value) in [("id", id), ("title", title), ("text", text), ("collectionId", collectionId), ("parentDocumentId", parentDocumentId)] {
            if let value { object[name] = .string(value) }
        }
        return object
    }
}

/// One document, collection or comment by id.
struct OutlineIdInput: FieldSet {
    var id = ""
    var permanent = false

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", description: "Its id (a document's URL id works too).", minLength: 1, required: true)
        Field("permanent", \.permanent, title: "Permanently", description: "When deleting a document: skip the trash.")
    }
}

struct OutlineMoveInput: FieldSet {
    var id = ""
    var collectionId: String?
    var parentDocumentId: String?
    var index: Int?

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Document id", minLength: 1, required: true)
        Field("collectionId", \.collectionId, title: "To collection")
        Field("parentDocumentId", \.parentDocumentId, title: "Under document")
        Field("index", \.index, title: "Position", description: "Among its new siblings, from 0.", minimum: 0)
    }
}

/// A paged list: what to list, and how many at most.
struct OutlineListInput: FieldSet {
    var query: String?
    var collectionId: String?
    var documentId: String?
    var parentDocumentId: String?
    var limit = 100

    init() {}

    static let fields = FieldList<Self> {
        Field("query", \.query, title: "Search", description: "Words to look for (search), or a name filter (collections).")
        Field("collectionId", \.collectionId, title: "Collection id", description: "Only in this collection.")
        Field("documentId", \.documentId, title: "Document id", description: "The document whose comments to list.")
        Field("parentDocumentId", \.parentDocumentId, title: "Parent document id", description: "Only documents nested under this one.")
        Field("limit", \.limit, title: "At most", description: "Items across pages of 100.", minimum: 1, maximum: 10_000)
    }

    /// The members Outline takes for this list, from those given.
    func parameters(_ names: [String]) -> JSONObject {
        let given: [String: String?] = ["query": query, "collectionId": collectionId, "documentId": documentId, "parentDocumentId": parentDocumentId]
        return JSONObject(names.compactMap { name in given[name].flatMap { $0 }.map { (name, JSONValue.string($0)) } })
    }
}

struct OutlineCommentInput: FieldSet {
    var documentId = ""
    var text = ""
    var parentCommentId: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("documentId", \.documentId, title: "Document id", minLength: 1, required: true)
        Field("text", \.text, title: "Comment", description: "Markdown.", minLength: 1, required: true)
        Field("parentCommentId", \.parentCommentId, title: "Reply to comment")
    }
}
