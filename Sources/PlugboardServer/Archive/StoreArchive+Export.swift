import Foundation
import PlugboardCore
import PlugboardStore

extension StoreArchive {
    /// scrypt's cost (N) for new archives: 2^17, 128 MiB per derivation, as OWASP recommends.
    public static let standardKeyDerivationRounds = 1 << 17
    /// The lowest cost an archive may name (2^14); tests use it to keep the machine free for others.
    public static let minimumKeyDerivationRounds = 1 << 14

    /// Every application in `store` and what belongs to it, secrets opened with `box` and sealed again with a key
    /// derived from `passphrase` with scrypt's `rounds`.
    public static func export(
        from store: any Store, box: SecretBox, passphrase: String, rounds: Int = standardKeyDerivationRounds
    ) async throws -> (JSONValue, Summary) {
        let cipher = try ArchiveCipher(passphrase: passphrase, rounds: rounds)
        var summary = Summary()
        var applications: [JSONValue] = []
        for application in try await all({ page in try await store.applications(page) }) {
            applications.append(try await export(application, store: store, box: box, cipher: cipher, summary: &summary))
        }
        summary.applications = applications.count
        let archive: JSONValue = [
            "format": .string(format), "version": .integer(version), "exportedAt": .string(ISO8601.string(from: Date())),
            "encryption": cipher.parameters.json, "applications": .array(applications),
        ]
        return (archive, summary)
    }

    private static func export(
        _ application: ApplicationRecord, store: any Store, box: SecretBox, cipher: ArchiveCipher, summary: inout Summary
    ) async throws -> JSONValue {
        let id = application.id
        var credentials: [JSONValue] = []
        for credential in try await all({ page in try await store.credentials(applicationID: id, page) }) {
            let fields = try box.open(credential.sealed, applicationID: id, credentialID: credential.id)
            credentials.append([
                "id": .string(credential.id), "name": .string(credential.name), "kind": .string(credential.kind.rawValue),
                "publicFields": .object(JSONObject(credential.publicFields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                "secretFieldNames": .array(credential.secretFieldNames.map(JSONValue.string)),
                "secret": .string(try cipher.seal(fields, context: credentialContext(credential.id))),
                "expiresAt": credential.expiresAt.map { .string(ISO8601.string(from: $0)) } ?? .null,
                "version": .integer(Int64(credential.version)), "createdAt": stamp(credential.createdAt), "updatedAt": stamp(credential.updatedAt),
            ])
        }
        let connectors = try await all({ page in try await store.connectors(applicationID: id, filter: ConnectorFilter(), page) }).map { connector in
            [
                "id": .string(connector.id), "name": .string(connector.name), "description": .string(connector.description),
                "type": .string(connector.type), "options": .object(connector.options), "credentialId": connector.credentialID.map(JSONValue.string) ?? .null,
                "version": .integer(Int64(connector.version)), "createdAt": stamp(connector.createdAt), "updatedAt": stamp(connector.updatedAt),
            ] as JSONValue
        }
        let workflows = try await store.workflows(applicationID: id).map { workflow in
            [
                "id": .string(workflow.id), "name": .string(workflow.name), "description": .string(workflow.description),
                "inputSchema": workflow.inputSchema ?? .null, "steps": .array(workflow.steps.map(\.json)),
                "concurrency": .integer(Int64(workflow.concurrency)), "agentTool": .bool(workflow.agentTool),
                "version": .integer(Int64(workflow.version)), "createdAt": stamp(workflow.createdAt), "updatedAt": stamp(workflow.updatedAt),
            ] as JSONValue
        }
        let bindings = try await store.toolBindings(applicationID: id).map { binding in
            [
                "id": .string(binding.id), "connectorId": .string(binding.connectorID), "actions": .array(binding.actions.map(JSONValue.string)),
                "version": .integer(Int64(binding.version)), "createdAt": stamp(binding.createdAt), "updatedAt": stamp(binding.updatedAt),
            ] as JSONValue
        }
        var triggers: [JSONValue] = []
        for trigger in try await store.triggers(applicationID: id) {
            var object: JSONObject = [
                "id": .string(trigger.id), "name": .string(trigger.name), "source": .string(trigger.source),
                "connectorId": trigger.connectorID.map(JSONValue.string) ?? .null, "options": .object(trigger.options),
                "paused": .bool(trigger.paused), "cursor": trigger.cursor ?? .null, "version": .integer(Int64(trigger.version)),
                "createdAt": stamp(trigger.createdAt), "updatedAt": stamp(trigger.updatedAt),
            ]
            switch trigger.target {
            case .workflow(let workflowID): object["targetWorkflowId"] = .string(workflowID)
            case .url(let url): object["targetUrl"] = .string(url)
            }
            if let sealed = trigger.secret {
                let fields = try box.open(sealed, applicationID: id, credentialID: trigger.id)
                object["secret"] = .string(try cipher.seal(fields, context: triggerContext(trigger.id)))
            }
            triggers.append(.object(object))
        }
        summary.credentials += credentials.count
        summary.connectors += connectors.count
        summary.workflows += workflows.count
        summary.toolBindings += bindings.count
        summary.triggers += triggers.count
        return [
            "id": .string(id), "name": .string(application.name), "createdAt": stamp(application.createdAt),
            "credentials": .array(credentials), "connectors": .array(connectors), "workflows": .array(workflows),
            "toolBindings": .array(bindings), "triggers": .array(triggers),
        ]
    }

    private static func stamp(_ date: Date) -> JSONValue { .string(ISO8601.string(from: date)) }

    /// Every item of a paged list.
    private static func all<Item>(_ page: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
        var items: [Item] = []
        var request = PageRequest(limit: 500, offset: 0)
        while true {
            let next = try await page(request)
            items += next.items
            guard next.items.count == request.limit else { return items }
            request.offset += request.limit
        }
    }
}
