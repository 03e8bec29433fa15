import Foundation
import PlugboardCore
import PostgresNIO

extension PostgresStore {
    /// Inserts the row; `already_exists` when the name is taken in the application.
    public func insertCredential(_ credential: CredentialRecord) async throws {
        let (publicFields, secretNames) = Self.storedFields(of: credential)
        let sealed = credential.sealed
        try await write { session in
            try await session.execute("""
                INSERT INTO credentials (id, application_id, name, kind, public_fields, secret_fields, key_id, wrapped_key,
                    ciphertext, expires_at, version, created_at, updated_at)
                VALUES (\(credential.id), \(credential.applicationID), \(credential.name), \(credential.kind.rawValue), \(publicFields),
                    \(secretNames), \(sealed.keyID), \(sealed.wrappedKey), \(sealed.ciphertext), \(credential.expiresAt),
                    \(credential.version), \(credential.createdAt), \(credential.updatedAt))
                """)
        }
    }

    /// Replaces the row only if its version is still `expectedVersion`; `conflict` otherwise.
    public func updateCredential(_ credential: CredentialRecord, expectedVersion: Int) async throws {
        let (publicFields, secretNames) = Self.storedFields(of: credential)
        let sealed = credential.sealed
        try await write { session in
            let changed = try await session.execute("""
                UPDATE credentials SET name = \(credential.name), kind = \(credential.kind.rawValue), public_fields = \(publicFields),
                    secret_fields = \(secretNames), key_id = \(sealed.keyID), wrapped_key = \(sealed.wrappedKey),
                    ciphertext = \(sealed.ciphertext), expires_at = \(credential.expiresAt), version = \(credential.version),
                    updated_at = \(credential.updatedAt)
                WHERE id = \(credential.id) AND application_id = \(credential.applicationID) AND version = \(expectedVersion)
                """)
            guard changed == 1 else { throw ConnectorError(.conflict, message: "The credential changed while this update was made.") }
            try await announce(StoreChange(.credentials, applicationID: credential.applicationID), session)
        }
    }

    /// The credential whose id or name is `reference` in the application; an id match wins over a name match.
    public func credential(applicationID: String, _ reference: String) async throws -> CredentialRecord? {
        try await read { session in
            try await session.first("""
                SELECT * FROM credentials WHERE application_id = \(applicationID) AND (id = \(reference) OR name = \(reference))
                ORDER BY (id = \(reference)) DESC LIMIT 1
                """).map(Self.credential(from:))
        }
    }

    /// A page of the application's credentials ordered by name, with the total count.
    public func credentials(applicationID: String, _ page: PageRequest) async throws -> Page<CredentialRecord> {
        try await read { session in
            let rows = try await session.rows(
                "SELECT * FROM credentials WHERE application_id = \(applicationID) ORDER BY name LIMIT \(page.limit) OFFSET \(page.offset)")
            let total = try await session.count("SELECT COUNT(*) FROM credentials WHERE application_id = \(applicationID)")
            return Page(items: try rows.map(Self.credential(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Names by id for the ids that exist; unknown ids are left out.
    public func credentialNames(ids: [String]) async throws -> [String: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try await read { session in
            var names: [String: String] = [:]
            for row in try await session.rows("SELECT id, name FROM credentials WHERE id = ANY(\(unique))") {
                names[try row["id"]] = try row["name"]
            }
            return names
        }
    }

    /// Deletes the row unless connectors use it (`connector_in_use`, listing them); `not_found` when there is none.
    public func deleteCredential(applicationID: String, id: String) async throws {
        try await write { session in
            let users = try await session.rows("SELECT id, name FROM connectors WHERE credential_id = \(id) ORDER BY name")
            guard users.isEmpty else {
                let named: [(id: String, name: String)] = try users.map { (try $0["id"], try $0["name"]) }
                throw ConnectorError(
                    .connectorInUse, message: "The credential is used by \(named.count) connector(s): \(named.map(\.name).joined(separator: ", ")).",
                    details: ["connectors": .array(named.map { ["id": .string($0.id), "name": .string($0.name)] })])
            }
            guard try await session.execute("DELETE FROM credentials WHERE id = \(id) AND application_id = \(applicationID)") == 1 else {
                throw ConnectorError.notFound("credential", id)
            }
            try await announce(StoreChange(.credentials, applicationID: applicationID), session)
        }
    }

    /// Credentials whose `key_id` is not `keyID`, ordered by id.
    public func credentialIDs(notWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)] {
        try await read { session in
            try await session.rows("SELECT application_id, id FROM credentials WHERE key_id != \(keyID) ORDER BY id")
                .map { (applicationID: try $0["application_id"], id: try $0["id"]) }
        }
    }

    /// Swaps the sealed secret only if the row still holds `old`, so a concurrent update is not overwritten.
    public func replaceSealedSecret(credentialID: String, from old: SealedSecret, to new: SealedSecret) async throws {
        try await write { session in
            guard let row = try await session.first("""
                UPDATE credentials SET key_id = \(new.keyID), wrapped_key = \(new.wrappedKey), ciphertext = \(new.ciphertext)
                WHERE id = \(credentialID) AND key_id = \(old.keyID) AND wrapped_key = \(old.wrappedKey) RETURNING application_id
                """) else { return }
            try await announce(StoreChange(.credentials, applicationID: try row["application_id"]), session)
        }
    }

    /// Credential counts grouped by `key_id`.
    public func credentialCountsByKey() async throws -> [String: Int] {
        try await read { session in
            var counts: [String: Int] = [:]
            for row in try await session.rows("SELECT key_id, COUNT(*) AS n FROM credentials GROUP BY key_id") {
                counts[try row["key_id"]] = try row["n"]
            }
            return counts
        }
    }

    /// Inserts the sign-in and deletes those that expired more than an hour ago.
    public func insertAuthorization(_ authorization: OAuth2AuthorizationRecord) async throws {
        let cutoff = Date().addingTimeInterval(-3600)
        let sealed = authorization.sealedVerifier
        try await write { session in
            try await session.execute("DELETE FROM oauth2_authorizations WHERE expires_at < \(cutoff)")
            try await session.execute("""
                INSERT INTO oauth2_authorizations (state_hash, application_id, credential_id, key_id, wrapped_key, ciphertext,
                    redirect_uri, started_by, created_at, expires_at)
                VALUES (\(authorization.stateHash), \(authorization.applicationID), \(authorization.credentialID), \(sealed.keyID),
                    \(sealed.wrappedKey), \(sealed.ciphertext), \(authorization.redirectURI), \(authorization.startedBy),
                    \(authorization.createdAt), \(authorization.expiresAt))
                """)
        }
    }

    /// Deletes and returns the row in one statement, so two callbacks with one state cannot both have it.
    public func takeAuthorization(stateHash: String) async throws -> OAuth2AuthorizationRecord? {
        try await write { session in
            guard let row = try await session.first("DELETE FROM oauth2_authorizations WHERE state_hash = \(stateHash) RETURNING *") else {
                return nil
            }
            return OAuth2AuthorizationRecord(
                stateHash: try row["state_hash"], applicationID: try row["application_id"], credentialID: try row["credential_id"],
                sealedVerifier: SealedSecret(keyID: try row["key_id"], wrappedKey: try row["wrapped_key"], ciphertext: try row["ciphertext"]),
                redirectURI: try row["redirect_uri"], startedBy: try row["started_by"], createdAt: try row["created_at"],
                expiresAt: try row["expires_at"])
        }
    }

    /// The public fields and secret field names as stored: JSON text, keys sorted.
    private static func storedFields(of credential: CredentialRecord) -> (String, String) {
        let publicFields = JSONValue.object(JSONObject(credential.publicFields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        let secretNames = JSONValue.array(credential.secretFieldNames.sorted().map { .string($0) })
        return (publicFields.jsonString(), secretNames.jsonString())
    }

    static func credential(from row: PostgresStoreRow) throws -> CredentialRecord {
        let publicFields = try row.json("public_fields")?.objectValue ?? [:]
        let secretNames = try row.json("secret_fields")?.arrayValue ?? []
        return CredentialRecord(
            id: try row["id"], applicationID: try row["application_id"], name: try row["name"], kind: CredentialKind(rawValue: try row["kind"]),
            publicFields: Dictionary(uniqueKeysWithValues: publicFields.compactMap { key, value in value.stringValue.map { (key, $0) } }),
            secretFieldNames: secretNames.compactMap(\.stringValue),
            sealed: SealedSecret(keyID: try row["key_id"], wrappedKey: try row["wrapped_key"], ciphertext: try row["ciphertext"]),
            expiresAt: try row["expires_at"], version: try row["version"], createdAt: try row["created_at"], updatedAt: try row["updated_at"])
    }
}
