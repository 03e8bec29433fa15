import ConnectorsHTTP
import PlugboardCore

/// The `amocrm` node (amoCRM and Kommo): leads (a complex lead with its contact too), contacts, companies, notes,
/// tasks and pipelines, through API v4.
public struct AmoCRMDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "amocrm", category: "CRM", displayName: "amoCRM / Kommo",
        description: """
            amoCRM and Kommo accounts: list, read, create and update leads, contacts, companies and tasks, create a lead \
            with its contact and company in one call, add and list notes, and read pipelines with their stages. Lists page \
            through everything up to a limit (an empty list is amoCRM's 204). An OAuth2 credential or a long-lived token.
            """,
        credentialKinds: [.oauth2, .bearerToken, .apiKey], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<AmoCRMSession>] {
        ["leads", "contacts", "companies", "tasks"].flatMap { entity in
            [Self.list(entity), Self.get(entity), Self.create(entity), Self.update(entity)]
        } + [Self.createComplexLeads, Self.addNotes, Self.listNotes, Self.listPipelines]
    }

    public func openSession(_ configuration: AmoCRMConfiguration, context: SessionContext) async throws -> AmoCRMSession {
        AmoCRMSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// The account's name and id.
    public func test(_ session: AmoCRMSession, context: CallContext) async throws -> JSONValue {
        let account = try await session.send("GET", "/account", context: context)
        return ["account": account["name"] ?? .null, "id": account["id"] ?? .null]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let object = Schema.object([:], additionalProperties: true)

    static func singular(_ entity: String) -> String {
        entity == "companies" ? "company" : String(entity.dropLast())
    }

    static func list(_ entity: String) -> ConnectorAction<AmoCRMSession> {
        ConnectorAction<AmoCRMSession>(
            name: "list_\(entity)", title: "List \(entity)", description: "\(entity.capitalized), searched and filtered, across pages.", annotations: reads,
            input: AmoCRMListInput.self,
            outputSchema: Schema.object([entity: Schema.array(object), "count": Schema.integer()], required: [entity, "count"])
        ) { session, input, context in
            let items = try await session.list("/\(entity)", key: entity, query: input.parameters, limit: input.limit, context: context)
            return [entity: .array(items), "count": .integer(Int64(items.count))]
        }
    }

    static func get(_ entity: String) -> ConnectorAction<AmoCRMSession> {
        ConnectorAction<AmoCRMSession>(
            name: "get_\(singular(entity))", title: "Read a \(singular(entity))", description: "One \(singular(entity)) by id.", annotations: reads,
            input: AmoCRMGetInput.self, outputSchema: object
        ) { session, input, context in
            // amoCRM answers 204, not 404, for an id it does not have.
            let found = try await session.send("GET", "/\(entity)/\(input.id)", query: input.with.map { [("with", $0)] } ?? [], context: context)
            guard found != .null else { throw ConnectorError(.notFound, message: "amoCRM has no \(singular(entity)) \(input.id).") }
            return found
        }
    }

    static func create(_ entity: String) -> ConnectorAction<AmoCRMSession> {
        ConnectorAction<AmoCRMSession>(
            name: "create_\(entity)", title: "Create \(entity)", description: "\(entity.capitalized) in amoCRM's shape, in one request; their ids come back.",
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: AmoCRMCreateInput.self,
            outputSchema: Schema.object([entity: Schema.array(object)], required: [entity])
        ) { session, input, context in
            guard (1...250).contains(input.items.count) else { throw ConnectorError.invalidInput("Give 1 to 250 items.", field: "items") }
            let answer = try await session.send("POST", "/\(entity)", body: .array(input.items), context: context)
            return [entity: answer["_embedded"]?[entity] ?? []]
        }
    }

    static func update(_ entity: String) -> ConnectorAction<AmoCRMSession> {
        ConnectorAction<AmoCRMSession>(
            name: "update_\(singular(entity))", title: "Update a \(singular(entity))", description: "Changes one \(singular(entity)) by id.",
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: AmoCRMUpdateInput.self, outputSchema: object
        ) { session, input, context in
            guard input.changes.objectValue?.isEmpty == false else { throw ConnectorError.invalidInput("Give the changes as an object.", field: "changes") }
            return try await session.send("PATCH", "/\(entity)/\(input.id)", body: input.changes, context: context)
        }
    }

    static let createComplexLeads = ConnectorAction<AmoCRMSession>(
        name: "create_complex_leads", title: "Create leads with their contacts",
        description: "Leads with a contact and a company each (in _embedded), created together (/leads/complex).",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: AmoCRMCreateInput.self,
        outputSchema: Schema.object(["leads": Schema.array(object)], required: ["leads"])
    ) { session, input, context in
        guard (1...50).contains(input.items.count) else { throw ConnectorError.invalidInput("Give 1 to 50 leads.", field: "items") }
        return ["leads": try await session.send("POST", "/leads/complex", body: .array(input.items), context: context)]
    }

    static let addNotes = ConnectorAction<AmoCRMSession>(
        name: "add_notes", title: "Add notes", description: "Notes on leads, contacts or companies.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: AmoCRMNotesInput.self,
        outputSchema: Schema.object(["notes": Schema.array(object)], required: ["notes"])
    ) { session, input, context in
        guard !input.notes.isEmpty else { throw ConnectorError.invalidInput("Give at least one note.", field: "notes") }
        let answer = try await session.send("POST", "/\(input.entityType.rawValue)/notes", body: .array(input.notes), context: context)
        return ["notes": answer["_embedded"]?["notes"] ?? []]
    }

    static let listNotes = ConnectorAction<AmoCRMSession>(
        name: "list_notes", title: "List notes", description: "A lead's, contact's or company's notes, across pages.", annotations: reads,
        input: AmoCRMNotesInput.self, outputSchema: Schema.object(["notes": Schema.array(object), "count": Schema.integer()], required: ["notes", "count"])
    ) { session, input, context in
        guard let id = input.entityId else { throw ConnectorError.invalidInput("Name whose notes to list.", field: "entityId") }
        let notes = try await session.list("/\(input.entityType.rawValue)/\(id)/notes", key: "notes", query: [], limit: input.limit, context: context)
        return ["notes": .array(notes), "count": .integer(Int64(notes.count))]
    }

    static let listPipelines = ConnectorAction<AmoCRMSession>(
        name: "list_pipelines", title: "List pipelines", description: "The lead pipelines with their stages (statuses).", annotations: reads,
        input: NoInput.self, outputSchema: Schema.object(["pipelines": Schema.array(object)], required: ["pipelines"])
    ) { session, _, context in
        ["pipelines": try await session.send("GET", "/leads/pipelines", context: context)["_embedded"]?["pipelines"] ?? []]
    }
}
