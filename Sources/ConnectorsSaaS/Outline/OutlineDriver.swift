import ConnectorsHTTP
import PlugboardCore

/// The `outline` node: documents, collections and comments in an Outline wiki, through its RPC-style API.
public struct OutlineDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "outline", category: "Productivity", displayName: "Outline",
        description: """
            An Outline wiki (the cloud or self-hosted): create, update, read, search, list, move, delete and export \
            documents (Markdown), list and read collections, and write and list comments. Lists page through everything \
            up to a limit. The API key is the linked credential and is never shown.
            """,
        credentialKinds: [.apiKey, .bearerToken], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<OutlineSession>] {
        [
            Self.createDocument, Self.updateDocument, Self.getDocument, Self.searchDocuments, Self.listDocuments, Self.moveDocument,
            Self.deleteDocument, Self.exportDocument, Self.listCollections, Self.getCollection, Self.createComment, Self.listComments,
        ]
    }

    public func openSession(_ configuration: OutlineConfiguration, context: SessionContext) async throws -> OutlineSession {
        OutlineSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// auth.info: the key works, and whose it is.
    public func test(_ session: OutlineSession, context: CallContext) async throws -> JSONValue {
        let info = try await session.call("auth.info", [:], context: context)
        return ["user": info["user"]?["name"] ?? .null, "team": info["team"]?["name"] ?? .null]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let writes = ActionAnnotations(readOnly: false, destructive: false, idempotent: false)
    static let object = Schema.object([:], additionalProperties: true, description: "Outline's object as its API gives it.")

    static func list(_ name: String) -> JSONValue {
        Schema.object([name: Schema.array(Schema.object([:], additionalProperties: true)), "count": Schema.integer()], required: [name, "count"])
    }

    static let createDocument = ConnectorAction<OutlineSession>(
        name: "create_document", title: "Create a document", description: "A new document (Markdown) in a collection or under another document.",
        annotations: writes, input: OutlineDocumentInput.self, outputSchema: object
    ) { session, input, context in
        guard input.id == nil else { throw ConnectorError.invalidInput("A new document has no id yet; use update_document to change one.", field: "id") }
        guard input.collectionId != nil || input.parentDocumentId != nil else {
            throw ConnectorError.invalidInput("Say where the document goes: a collection id or a parent document id.", field: "collectionId")
        }
        return try await session.call("documents.create", input.parameters(publishing: true), context: context)
    }

    static let updateDocument = ConnectorAction<OutlineSession>(
        name: "update_document", title: "Update a document", description: "Changes a document's title or text (Markdown).",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: OutlineDocumentInput.self, outputSchema: object
    ) { session, input, context in
        guard input.id != nil else { throw ConnectorError.invalidInput("Name the document to update.", field: "id") }
        var parameters = input.parameters(publishing: nil)
        parameters["collectionId"] = nil
        parameters["parentDocumentId"] = nil
        return try await session.call("documents.update", parameters, context: context)
    }

    static let getDocument = ConnectorAction<OutlineSession>(
        name: "get_document", title: "Read a document", description: "A document with its text (Markdown).", annotations: reads,
        input: OutlineIdInput.self, outputSchema: object
    ) { session, input, context in
        try await session.call("documents.info", ["id": .string(input.id)], context: context)
    }

    static let searchDocuments = ConnectorAction<OutlineSession>(
        name: "search_documents", title: "Search documents", description: "Documents matching words, best first, with a snippet of context each.",
        annotations: reads, input: OutlineListInput.self, outputSchema: list("results")
    ) { session, input, context in
        guard input.query?.isEmpty == false else { throw ConnectorError.invalidInput("Give words to search for.", field: "query") }
        let results = try await session.list("documents.search", input.parameters(["query", "collectionId"]), limit: input.limit, context: context)
        return ["results": .array(results), "count": .integer(Int64(results.count))]
    }

    static let listDocuments = ConnectorAction<OutlineSession>(
        name: "list_documents", title: "List documents", description: "Documents, in a collection or under a document, across pages.",
        annotations: reads, input: OutlineListInput.self, outputSchema: list("documents")
    ) { session, input, context in
        let documents = try await session.list("documents.list", input.parameters(["collectionId", "parentDocumentId"]), limit: input.limit, context: context)
        return ["documents": .array(documents), "count": .integer(Int64(documents.count))]
    }

    static let moveDocument = ConnectorAction<OutlineSession>(
        name: "move_document", title: "Move a document", description: "To another collection, or under another document.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: OutlineMoveInput.self, outputSchema: object
    ) { session, input, context in
        guard input.collectionId != nil || input.parentDocumentId != nil else {
            throw ConnectorError.invalidInput("Say where to: a collection id or a parent document id.", field: "collectionId")
        }
        var parameters: JSONObject = ["id": .string(input.id)]
        if let collection = input.collectionId { parameters["collectionId"] = .string(collection) }
        if let parent = input.parentDocumentId { parameters["parentDocumentId"] = .string(parent) }
        if let index = input.index { parameters["index"] = .integer(Int64(index)) }
        return try await session.call("documents.move", parameters, context: context)
    }

    static let deleteDocument = ConnectorAction<OutlineSession>(
        name: "delete_document", title: "Delete a document", description: "To the trash, or for good with permanent.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: OutlineIdInput.self,
        outputSchema: Schema.object(["deleted": Schema.boolean()], required: ["deleted"])
    ) { session, input, context in
        _ = try await session.call("documents.delete", ["id": .string(input.id), "permanent": .bool(input.permanent)], context: context)
        return ["deleted": true]
    }

    static let exportDocument = ConnectorAction<OutlineSession>(
        name: "export_document", title: "Export a document", description: "The document as Markdown.", annotations: reads,
        input: OutlineIdInput.self, outputSchema: Schema.object(["markdown": Schema.string()], required: ["markdown"])
    ) { session, input, context in
        ["markdown": try await session.call("documents.export", ["id": .string(input.id)], context: context)]
    }

    static let listCollections = ConnectorAction<OutlineSession>(
        name: "list_collections", title: "List collections", description: "The collections the key's user can see, across pages.",
        annotations: reads, input: OutlineListInput.self, outputSchema: list("collections")
    ) { session, input, context in
        let collections = try await session.list("collections.list", input.parameters(["query"]), limit: input.limit, context: context)
        return ["collections": .array(collections), "count": .integer(Int64(collections.count))]
    }

    static let getCollection = ConnectorAction<OutlineSession>(
        name: "get_collection", title: "Read a collection", description: "A collection's name, description and settings.", annotations: reads,
        input: OutlineIdInput.self, outputSchema: object
    ) { session, input, context in
        try await session.call("collections.info", ["id": .string(input.id)], context: context)
    }

    static let createComment = ConnectorAction<OutlineSession>(
        name: "create_comment", title: "Comment on a document", description: "A comment (Markdown), or a reply to one.", annotations: writes,
        input: OutlineCommentInput.self, outputSchema: object
    ) { session, input, context in
        var parameters: JSONObject = ["documentId": .string(input.documentId), "text": .string(input.text)]
        if let parent = input.parentCommentId { parameters["parentCommentId"] = .string(parent) }
        return try await session.call("comments.create", parameters, context: context)
    }

    static let listComments = ConnectorAction<OutlineSession>(
        name: "list_comments", title: "List comments", description: "A document's comments, across pages.", annotations: reads,
        input: OutlineListInput.self, outputSchema: list("comments")
    ) { session, input, context in
        guard input.documentId?.isEmpty == false else { throw ConnectorError.invalidInput("Name the document whose comments to list.", field: "documentId") }
        let comments = try await session.list("comments.list", input.parameters(["documentId"]), limit: input.limit, context: context)
        return ["comments": .array(comments), "count": .integer(Int64(comments.count))]
    }
}
