import ConnectorsHTTP
import PlugboardCore

/// The `bitrix24` node: CRM leads, deals, contacts and companies, batches of up to 50 commands, and any REST method.
public struct Bitrix24Driver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "bitrix24", category: "CRM", displayName: "Bitrix24",
        description: """
            A Bitrix24 portal through an inbound webhook (its secret is the credential, masked everywhere) or OAuth2: add, \
            read, list, update and delete CRM leads, deals, contacts and companies, run up to 50 commands in one batch, \
            or call any REST method by name. Lists page through everything up to a limit.
            """,
        credentialKinds: [.apiKey, .oauth2], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<Bitrix24Session>] {
        ["lead", "deal", "contact", "company"].flatMap { entity in
            [Self.add(entity), Self.get(entity), Self.list(entity), Self.update(entity), Self.delete(entity)]
        } + [Self.batch, Self.call]
    }

    public func openSession(_ configuration: Bitrix24Configuration, context: SessionContext) async throws -> Bitrix24Session {
        Bitrix24Session(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// profile: the credential works, and whose it is.
    public func test(_ session: Bitrix24Session, context: CallContext) async throws -> JSONValue {
        let profile = try await session.call("profile", [:], context: context)["result"]
        return ["user": .string([profile?["NAME"]?.stringValue, profile?["LAST_NAME"]?.stringValue].compactMap { $0 }.joined(separator: " ")), "admin": profile?["ADMIN"] ?? .null]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let object = Schema.object([:], additionalProperties: true)

    static func add(_ entity: String) -> ConnectorAction<Bitrix24Session> {
        ConnectorAction<Bitrix24Session>(
            name: "add_\(entity)", title: "Add a \(entity)", description: "crm.\(entity).add: a new \(entity); its id comes back.",
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: Bitrix24FieldsInput.self,
            outputSchema: Schema.object(["id": Schema.integer()], required: ["id"])
        ) { session, input, context in
            ["id": try await session.call("crm.\(entity).add", ["fields": input.values], context: context)["result"] ?? .null]
        }
    }

    static func get(_ entity: String) -> ConnectorAction<Bitrix24Session> {
        ConnectorAction<Bitrix24Session>(
            name: "get_\(entity)", title: "Read a \(entity)", description: "crm.\(entity).get.", annotations: reads, input: Bitrix24IdInput.self, outputSchema: object
        ) { session, input, context in
            try await session.call("crm.\(entity).get", ["id": .integer(Int64(input.id))], context: context)["result"] ?? .null
        }
    }

    static func list(_ entity: String) -> ConnectorAction<Bitrix24Session> {
        let plural = entity == "company" ? "companies" : entity + "s"
        return ConnectorAction<Bitrix24Session>(
            name: "list_\(plural)", title: "List \(plural)", description: "crm.\(entity).list, filtered and ordered, across pages of 50.", annotations: reads,
            input: Bitrix24ListInput.self, outputSchema: Schema.object([plural: Schema.array(object), "count": Schema.integer()], required: [plural, "count"])
        ) { session, input, context in
            var parameters: JSONObject = ["filter": input.filter, "order": input.order]
            if !input.select.isEmpty { parameters["select"] = .array(input.select.map(JSONValue.string)) }
            let items = try await session.list("crm.\(entity).list", parameters, limit: input.limit, context: context)
            return [plural: .array(items), "count": .integer(Int64(items.count))]
        }
    }

    static func update(_ entity: String) -> ConnectorAction<Bitrix24Session> {
        ConnectorAction<Bitrix24Session>(
            name: "update_\(entity)", title: "Update a \(entity)", description: "crm.\(entity).update: changes the fields given.",
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: Bitrix24FieldsInput.self,
            outputSchema: Schema.object(["updated": Schema.boolean()], required: ["updated"])
        ) { session, input, context in
            guard let id = input.id else { throw ConnectorError.invalidInput("Name the \(entity) to update.", field: "id") }
            return ["updated": try await session.call("crm.\(entity).update", ["id": .integer(Int64(id)), "fields": input.values], context: context)["result"] ?? false]
        }
    }

    static func delete(_ entity: String) -> ConnectorAction<Bitrix24Session> {
        ConnectorAction<Bitrix24Session>(
            name: "delete_\(entity)", title: "Delete a \(entity)", description: "crm.\(entity).delete.",
            annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: Bitrix24IdInput.self,
            outputSchema: Schema.object(["deleted": Schema.boolean()], required: ["deleted"])
        ) { session, input, context in
            ["deleted": try await session.call("crm.\(entity).delete", ["id": .integer(Int64(input.id))], context: context)["result"] ?? false]
        }
    }

    static let batch = ConnectorAction<Bitrix24Session>(
        name: "batch", title: "Run a batch", description: "Up to 50 commands in one request; each command's result or error by name.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: Bitrix24BatchInput.self,
        outputSchema: Schema.object(["results": object, "errors": object, "totals": object], required: ["results", "errors"])
    ) { session, input, context in
        guard (1...50).contains(input.commands.count) else { throw ConnectorError.invalidInput("Give 1 to 50 commands.", field: "commands") }
        let answer = try await session.call(
            "batch", ["halt": .integer(input.halt ? 1 : 0), "cmd": .object(JSONObject(input.commands.map { ($0.0, JSONValue.string($0.1)) }))], context: context)
        let result = answer["result"]
        func object(_ value: JSONValue?) -> JSONValue {
            if case .object = value { return value ?? [:] }
            return [:]
        }
        return ["results": object(result?["result"]), "errors": object(result?["result_error"]), "totals": object(result?["result_total"])]
    }

    static let call = ConnectorAction<Bitrix24Session>(
        name: "call", title: "Call any method", description: "Any Bitrix24 REST method by name, with JSON parameters; the whole answer comes back.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: false), input: Bitrix24CallInput.self, outputSchema: object
    ) { session, input, context in
        guard input.method.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else {
            throw ConnectorError.invalidInput("'\(input.method)' is not a method name such as crm.activity.list.", field: "method")
        }
        return try await session.call(input.method, input.parameters.objectValue ?? [:], context: context)
    }
}
