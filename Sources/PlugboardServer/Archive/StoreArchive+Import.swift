import Foundation
import PlugboardCore
import PlugboardStore

extension StoreArchive {
    /// Reads `archive` into `store`, each secret opened with `passphrase` and sealed again with `box` (the target's
    /// master key). Everything is read and checked first, and an application that exists in `store` already (by id
    /// or name) refuses the import, so a bad archive or a second import writes nothing.
    public static func importArchive(_ archive: JSONValue, into store: any Store, box: SecretBox, passphrase: String) async throws -> Summary {
        let root = try ArchiveReader(archive, path: "archive")
        guard root.optionalString("format") == format else {
            throw ConnectorError.invalidInput("This is not a Plugboard archive (its format is not \(format)).")
        }
        guard root.object["version"]?.integerValue == version else {
            throw ConnectorError(
                .unsupported, message: "The archive's layout version is not \(version), the one this release reads.",
                fix: "Import it with the Plugboard release that exported it, or a newer one.")
        }
        let cipher = try ArchiveCipher(passphrase: passphrase, parameters: try ArchiveCipher.Parameters(root.object["encryption"]))
        let applications = try root.list("applications").map { try ApplicationEntries($0, cipher: cipher, box: box) }
        for entries in applications {
            let byID = try await store.application(entries.application.id)
            let byName = try await store.application(entries.application.name)
            if byID != nil || byName != nil {
                throw ConnectorError(
                    .alreadyExists, message: "The application '\(entries.application.name)' exists in this store already; nothing was imported.",
                    fix: "Import into an empty store, or delete the application first.")
            }
        }
        var summary = Summary()
        for entries in applications {
            try await entries.write(to: store)
            summary.applications += 1
            summary.credentials += entries.credentials.count
            summary.connectors += entries.connectors.count
            summary.workflows += entries.workflows.count
            summary.toolBindings += entries.bindings.count
            summary.triggers += entries.triggers.count
        }
        return summary
    }
}

/// One application's records as read from an archive, secrets already sealed for the target store.
private struct ApplicationEntries {
    let application: ApplicationRecord
    var credentials: [CredentialRecord] = []
    var connectors: [ConnectorRecord] = []
    var workflows: [WorkflowRecord] = []
    var bindings: [ToolBindingRecord] = []
    var triggers: [TriggerRecord] = []

    init(_ reader: ArchiveReader, cipher: ArchiveCipher, box: SecretBox) throws {
        application = ApplicationRecord(id: try reader.string("id"), name: try reader.string("name"), createdAt: try reader.date("createdAt"))
        let appID = application.id
        for entry in try reader.list("credentials") {
            let id = try entry.string("id")
            let fields = try cipher.open(try entry.string("secret"), context: StoreArchive.credentialContext(id))
            let publicFields = entry.object["publicFields"]?.objectValue ?? [:]
            credentials.append(CredentialRecord(
                id: id, applicationID: appID, name: try entry.string("name"), kind: CredentialKind(rawValue: try entry.string("kind")),
                publicFields: Dictionary(uniqueKeysWithValues: publicFields.compactMap { key, value in value.stringValue.map { (key, $0) } }),
                secretFieldNames: entry.strings("secretFieldNames"), sealed: try box.seal(fields, applicationID: appID, credentialID: id),
                expiresAt: try entry.optionalDate("expiresAt"), version: try entry.int("version"), createdAt: try entry.date("createdAt"),
                updatedAt: try entry.date("updatedAt")))
        }
        for entry in try reader.list("connectors") {
            connectors.append(ConnectorRecord(
                id: try entry.string("id"), applicationID: appID, name: try entry.string("name"),
                description: entry.optionalString("description") ?? "", type: try entry.string("type"),
                options: entry.object["options"]?.objectValue ?? [:], credentialID: entry.optionalString("credentialId"),
                version: try entry.int("version"), createdAt: try entry.date("createdAt"), updatedAt: try entry.date("updatedAt")))
        }
        for entry in try reader.list("workflows") {
            let schema = entry.object["inputSchema"]
            workflows.append(WorkflowRecord(
                id: try entry.string("id"), applicationID: appID, name: try entry.string("name"),
                description: entry.optionalString("description") ?? "", inputSchema: schema == .null ? nil : schema,
                steps: try WorkflowStep.list(entry.object["steps"] ?? .array([])), concurrency: try entry.int("concurrency"),
                agentTool: entry.bool("agentTool"), version: try entry.int("version"), createdAt: try entry.date("createdAt"),
                updatedAt: try entry.date("updatedAt")))
        }
        for entry in try reader.list("toolBindings") {
            bindings.append(ToolBindingRecord(
                id: try entry.string("id"), applicationID: appID, connectorID: try entry.string("connectorId"), actions: entry.strings("actions"),
                version: try entry.int("version"), createdAt: try entry.date("createdAt"), updatedAt: try entry.date("updatedAt")))
        }
        for entry in try reader.list("triggers") {
            let id = try entry.string("id")
            let target: TriggerRecord.Target
            if let workflowID = entry.optionalString("targetWorkflowId") { target = .workflow(workflowID) } else { target = .url(try entry.string("targetUrl")) }
            let secret = try entry.optionalString("secret").map { sealed in
                try box.seal(try cipher.open(sealed, context: StoreArchive.triggerContext(id)), applicationID: appID, credentialID: id)
            }
            let cursor = entry.object["cursor"]
            triggers.append(TriggerRecord(
                id: id, applicationID: appID, name: try entry.string("name"), source: try entry.string("source"),
                connectorID: entry.optionalString("connectorId"), options: entry.object["options"]?.objectValue ?? [:], target: target,
                secret: secret, paused: entry.bool("paused"), cursor: cursor == .null ? nil : cursor, version: try entry.int("version"),
                createdAt: try entry.date("createdAt"), updatedAt: try entry.date("updatedAt")))
        }
    }

    /// Writes the records in the order their references need: credentials before the connectors that use them,
    /// connectors before the workflows, bindings and triggers that depend on them.
    func write(to store: any Store) async throws {
        try await store.insertApplication(application)
        for credential in credentials { try await store.insertCredential(credential) }
        for connector in connectors { try await store.insertConnector(connector) }
        for workflow in workflows { try await store.insertWorkflow(workflow) }
        for binding in bindings { try await store.insertToolBinding(binding) }
        for trigger in triggers { try await store.insertTrigger(trigger) }
    }
}
