import Foundation
import PlugboardCore
import PlugboardStore

/// Creates, updates and deletes connectors: checks the type, the options against the type's schema (one
/// message per bad field), the name and the credential (same application, accepted kind) before anything is written.
public struct ConnectorCatalog: Sendable {
    let store: any Store
    let registry: DriverRegistry
    let pools: SessionPools
    let networkCheck: NetworkCheck
    /// Where connector changes are announced (to MCP sessions); nil announces nothing.
    public var changes: CatalogChanges?

    /// Checks configured options with the network before they are saved, for types that ask for it
    /// (`ConfigurationChecking`): the driver, its configured options and the credential they will use.
    public typealias NetworkCheck = @Sendable (AnyConnectorDriver, AnyConnectorDriver.Configured, CredentialRecord?) async throws -> Void

    /// A catalog that writes to `store`, checks types against `registry` (and with `networkCheck` where the type asks),
    /// and retires a connector's pool in `pools` when it changes.
    public init(store: any Store, registry: DriverRegistry, pools: SessionPools, networkCheck: @escaping NetworkCheck = { _, _, _ in }) {
        self.store = store
        self.registry = registry
        self.pools = pools
        self.networkCheck = networkCheck
    }

    /// What a create request asks for.
    public struct Draft: Sendable {
        /// The connector type id, such as `plugboard.nodes.postgresql`.
        public var type: String
        /// The connector's name, unique within the application.
        public var name: String
        /// Free text for people, at most 2000 characters.
        public var description: String
        /// The connection fields, checked against the type's options schema.
        public var options: JSONObject
        /// Id or name of a credential in the same application; nil or empty for none.
        public var credential: String?

        public init(type: String, name: String, description: String = "", options: JSONObject = [:], credential: String? = nil) {
            self.type = type
            self.name = name
            self.description = description
            self.options = options
            self.credential = credential
        }
    }

    /// What an update changes; nil leaves a part as it is. `credential` of `.some(nil)` unlinks the credential.
    public struct Changes: Sendable {
        /// A new name, unique within the application.
        public var name: String?
        /// A new description, at most 2000 characters.
        public var description: String?
        /// Replacement connection fields; the whole object, not a patch.
        public var options: JSONObject?
        /// Id or name of the credential to link; `.some(nil)` unlinks it, nil keeps it.
        public var credential: String??

        public init(name: String? = nil, description: String? = nil, options: JSONObject? = nil, credential: String?? = nil) {
            self.name = name
            self.description = description
            self.options = options
            self.credential = credential
        }
    }

    /// Checks and stores a new connector; `invalid_input` or `invalid_configuration` name the field at fault.
    public func create(applicationID: String, _ draft: Draft) async throws -> ConnectorRecord {
        let driver = try registry.driver(for: draft.type)
        try CredentialVault.checkName(draft.name)
        try checkDescription(draft.description)
        let configured = try driver.configure(draft.options)
        let credential = try await resolveCredential(draft.credential, applicationID: applicationID, for: driver.descriptor)
        try await networkCheck(driver, configured, credential)
        let record = ConnectorRecord(
            applicationID: applicationID, name: draft.name, description: draft.description, type: draft.type,
            options: configured.options, credentialID: credential?.id)
        try await store.insertConnector(record)
        changes?.publish(CatalogChange(applicationID: applicationID, kind: .connectors))
        return record
    }

    /// Applies changes as a new version and retires the connector's pool, so the next execution uses them.
    public func update(_ record: ConnectorRecord, _ changes: Changes) async throws -> ConnectorRecord {
        let driver = try registry.driver(for: record.type)
        var updated = record
        if let name = changes.name {
            try CredentialVault.checkName(name)
            updated.name = name
        }
        if let description = changes.description {
            try checkDescription(description)
            updated.description = description
        }
        var configured: AnyConnectorDriver.Configured?
        if let options = changes.options {
            configured = try driver.configure(options)
            updated.options = configured!.options
        }
        var credential: CredentialRecord?
        if let reference = changes.credential {
            credential = try await resolveCredential(reference, applicationID: record.applicationID, for: driver.descriptor)
            updated.credentialID = credential?.id
        } else if driver.descriptor.credentialRequired && updated.credentialID == nil {
            throw ConnectorError.invalidInput("A \(driver.descriptor.displayName) connector needs a credential.", field: "credentialId")
        } else if let id = updated.credentialID, configured != nil {
            credential = try await store.credential(applicationID: record.applicationID, id)
        }
        if let configured { try await networkCheck(driver, configured, credential) }
        updated.version = record.version + 1
        updated.updatedAt = Date()
        try await store.updateConnector(updated, expectedVersion: record.version)
        await pools.retire(connectorID: record.id)
        self.changes?.publish(CatalogChange(applicationID: record.applicationID, kind: .connectors))
        return updated
    }

    /// Deletes the connector and closes its sessions; `connector_in_use` while dependents exist.
    public func delete(_ record: ConnectorRecord) async throws {
        try await store.deleteConnector(applicationID: record.applicationID, id: record.id)
        await pools.retire(connectorID: record.id)
        self.changes?.publish(CatalogChange(applicationID: record.applicationID, kind: .connectors))
    }

    /// The credential a connector may use: in the same application and of a kind the type accepts.
    func resolveCredential(_ reference: String?, applicationID: String, for type: ConnectorTypeDescriptor) async throws -> CredentialRecord? {
        guard let reference, !reference.isEmpty else {
            if type.credentialRequired {
                throw ConnectorError.invalidInput("A \(type.displayName) connector needs a credential.", field: "credentialId")
            }
            return nil
        }
        guard let credential = try await store.credential(applicationID: applicationID, reference) else {
            throw ConnectorError(
                .invalidInput, message: "There is no credential '\(reference)' in this application.",
                fix: "Create the credential in this application first, or pick one from its credentials list.", field: "credentialId")
        }
        guard type.credentialKinds.contains(credential.kind) else {
            throw ConnectorError(
                .invalidInput,
                message: "A \(type.displayName) connector cannot use a '\(credential.kind)' credential.",
                fix: "Use a credential of kind: \(type.credentialKinds.map(\.rawValue).joined(separator: ", ")).", field: "credentialId")
        }
        return credential
    }

    private func checkDescription(_ description: String) throws(ConnectorError) {
        guard description.count <= 2000 else {
            throw .invalidInput("A description must be at most 2000 characters.", field: "description")
        }
    }
}
