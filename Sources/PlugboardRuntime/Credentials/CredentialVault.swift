import Foundation
import Logging
import PlugboardCore
import PlugboardStore
import Synchronization

/// Creates, updates and opens credentials: validation per kind, sealing, a cache of decrypted values per
/// credential version, and OAuth2 tokens refreshed before they expire, one refresh at a time.
public final class CredentialVault: Sendable {
    let store: any CredentialStore
    /// Seals and opens credentials' secret fields.
    public let box: SecretBox
    let network: any NetworkAccess
    private let cache = Mutex<[String: Credential.Cached]>([:])
    let refresher = OAuth2Refresher()
    /// What reads a credential of a kind when it is saved (a signing key's certificate), by kind.
    let inspectors: [CredentialKind: any CredentialInspecting]

    /// A vault over `store` that seals with `box`, reaches OAuth2 token URLs through `network`, and reads saved
    /// credentials with `inspectors`.
    public init(store: any CredentialStore, box: SecretBox, network: any NetworkAccess, inspectors: [CredentialKind: any CredentialInspecting] = [:]) {
        self.store = store
        self.box = box
        self.network = network
        self.inspectors = inspectors
    }

    /// A new credential from `{name, kind, fields}`; secret fields sealed, the rest kept in clear.
    public func create(applicationID: String, name: String, kind kindName: String, fields: JSONObject) async throws -> CredentialRecord {
        guard let kind = CredentialKind(named: kindName) else {
            throw ConnectorError.invalidInput(
                "There is no credential kind '\(kindName)'. Use one of: \(CredentialKind.all.map(\.rawValue).joined(separator: ", ")).", field: "kind")
        }
        try Self.checkName(name)
        try kind.refuseReadOnly(fields)
        try kind.validate(fields)
        let id = Identifier.make("cred")
        let record = try seal(
            id: id, applicationID: applicationID, name: name, kind: kind, fields: try inspected(kind, Self.strings(fields)), version: 1, createdAt: Date())
        try await store.insertCredential(record)
        return record
    }

    /// Applies `{name?, fields?}`: a given field replaces the stored one, null removes it, an absent one is kept.
    public func update(_ record: CredentialRecord, name: String?, fields changes: JSONObject?) async throws -> CredentialRecord {
        var fields = try open(record).fields
        if let changes {
            try record.kind.refuseReadOnly(changes)
            var merged = JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
            for (key, value) in changes { merged[key] = value == .null ? nil : value }
            try record.kind.validate(merged)
            fields = try inspected(record.kind, Self.strings(merged))
        }
        if let name { try Self.checkName(name) }
        let updated = try seal(
            id: record.id, applicationID: record.applicationID, name: name ?? record.name, kind: record.kind, fields: fields,
            version: record.version + 1, createdAt: record.createdAt)
        try await store.updateCredential(updated, expectedVersion: record.version)
        return updated
    }

    /// `fields` with the read-only fields Plugboard reads from them, when the kind has an inspector (what a user
    /// could not give, so older readings are dropped first).
    func inspected(_ kind: CredentialKind, _ fields: [String: String]) throws(ConnectorError) -> [String: String] {
        guard let inspector = inspectors[kind] else { return fields }
        let given = fields.filter { !kind.readOnlyFields.contains($0.key) }
        return given.merging(try inspector.inspect(given)) { _, read in read }
    }

    func seal(id: String, applicationID: String, name: String, kind: CredentialKind, fields: [String: String], version: Int, createdAt: Date) throws -> CredentialRecord {
        let secrets = fields.filter { kind.isSecret($0.key) }
        let publicFields = fields.filter { !kind.isSecret($0.key) }
        let sealed = try box.seal(secrets, applicationID: applicationID, credentialID: id)
        return CredentialRecord(
            id: id, applicationID: applicationID, name: name, kind: kind, publicFields: publicFields,
            secretFieldNames: Array(secrets.keys).sorted(), sealed: sealed, expiresAt: publicFields["expiresAt"].flatMap(ISO8601.date(from:)),
            version: version, createdAt: createdAt, updatedAt: Date())
    }

    /// The decrypted credential, from the cache when this version was opened before.
    public func open(_ record: CredentialRecord) throws -> Credential {
        if let cached = cache.withLock({ $0[record.id] }), cached.version == record.version { return cached.credential }
        let secrets = try box.open(record.sealed, applicationID: record.applicationID, credentialID: record.id)
        let credential = Credential(id: record.id, kind: record.kind, fields: record.publicFields.merging(secrets) { _, secret in secret })
        cache.withLock { $0[record.id] = Credential.Cached(version: record.version, credential: credential) }
        return credential
    }

    /// The credential ready for a call: opened, and for OAuth2 with an access token valid for at least a minute.
    public func credentialForCall(_ record: CredentialRecord, logger: Logger) async throws -> Credential {
        let credential = try open(record)
        guard record.kind == .oauth2, OAuth2Refresher.needsToken(credential) else { return credential }
        return try await refreshToken(record, logger: logger) { latest, _ in OAuth2Refresher.needsToken(latest) }
    }

    /// The version of `record` stored now (through the store's cache); `not_found` once it was deleted.
    func latest(_ record: CredentialRecord) async throws -> CredentialRecord {
        guard let current = try await store.credential(applicationID: record.applicationID, record.id) else {
            throw ConnectorError.notFound("credential", record.id)
        }
        return current
    }

    /// A new OAuth2 access token after the service refused `rejected` (a 401): fetched once however many calls were
    /// refused, and not again when another call or replica stored a different token since. Nil for other kinds.
    public func credentialAfterRejection(_ record: CredentialRecord, rejected: Credential, logger: Logger) async throws -> Credential? {
        guard record.kind == .oauth2 else { return nil }
        let rejectedToken = rejected["accessToken"]
        return try await refreshToken(record, logger: logger) { latest, _ in latest["accessToken"] == rejectedToken }
    }

    /// Refreshes inside the credential's single flight when `stale` says the latest stored version needs it.
    private func refreshToken(
        _ record: CredentialRecord, logger: Logger, stale: @escaping @Sendable (Credential, CredentialRecord) -> Bool
    ) async throws -> Credential {
        try await refresher.refresh(record.id) {
            // Re-read inside the single flight: another replica or call may have refreshed already.
            let current = try await self.store.credential(applicationID: record.applicationID, record.id) ?? record
            let latest = try self.open(current)
            guard stale(latest, current) else { return latest }
            let fields = try await OAuth2Refresher.fetchToken(for: latest, network: self.network)
            let updated = try self.seal(
                id: current.id, applicationID: current.applicationID, name: current.name, kind: current.kind,
                fields: latest.fields.merging(fields) { _, new in new }, version: current.version + 1, createdAt: current.createdAt)
            try await self.store.updateCredential(updated, expectedVersion: current.version)
            logger.info("OAuth2 access token refreshed", metadata: ["credential": "\(record.id)"])
            return try self.open(updated)
        }
    }

    /// Drops the cached decrypted values of a credential, such as one just deleted.
    public func forget(_ credentialID: String) {
        cache.withLock { $0[credentialID] = nil }
    }

    static func checkName(_ name: String) throws(ConnectorError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200, trimmed == name else {
            throw .invalidInput("A name must be 1 to 200 characters without leading or trailing spaces.", field: "name")
        }
    }

    static func strings(_ fields: JSONObject) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields.compactMap { key, value in
            value == .null ? nil : (key, value.stringValue ?? value.jsonString())
        })
    }
}

extension Credential {
    struct Cached {
        var version: Int
        var credential: Credential
    }
}
