import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the row; `already_exists` when the name is taken in the application.
    public func insertCredential(_ credential: CredentialRecord) async throws {
        let arguments = try Self.arguments(for: credential)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO credentials (id, application_id, name, kind, public_fields, secret_fields, key_id, wrapped_key,
                        ciphertext, expires_at, version, created_at, updated_at)
                    VALUES (:id, :application_id, :name, :kind, :public_fields, :secret_fields, :key_id, :wrapped_key,
                        :ciphertext, :expires_at, :version, :created_at, :updated_at)
                    """, arguments: arguments)
        }
    }

    /// Replaces the row only if its version is still `expectedVersion`; `conflict` otherwise.
    public func updateCredential(_ credential: CredentialRecord, expectedVersion: Int) async throws {
        var updateArguments = try Self.arguments(for: credential)
        updateArguments += ["expected_version": expectedVersion]
        let arguments = updateArguments
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE credentials SET name = :name, kind = :kind, public_fields = :public_fields, secret_fields = :secret_fields,
                        key_id = :key_id, wrapped_key = :wrapped_key, ciphertext = :ciphertext, expires_at = :expires_at,
                        version = :version, updated_at = :updated_at
                    WHERE id = :id AND application_id = :application_id AND version = :expected_version
                    """, arguments: arguments)
            guard db.changesCount == 1 else {
                throw ConnectorError(.conflict, message: "The credential changed while this update was made.")
            }
        }
    }

    /// The credential whose id or name is `reference` in the application; an id match wins over a name match.
    public func credential(applicationID: String, _ reference: String) async throws -> CredentialRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM credentials WHERE application_id = ? AND (id = ? OR name = ?) ORDER BY id = ? DESC LIMIT 1",
                arguments: [applicationID, reference, reference, reference]
            ).map(Self.credential(from:))
        }
    }

    /// A page of the application's credentials ordered by name, with the total count.
    public func credentials(applicationID: String, _ page: PageRequest) async throws -> Page<CredentialRecord> {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM credentials WHERE application_id = ? ORDER BY name LIMIT ? OFFSET ?",
                arguments: [applicationID, page.limit, page.offset])
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credentials WHERE application_id = ?", arguments: [applicationID]) ?? 0
            return Page(items: try rows.map(Self.credential(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Names by id for the ids that exist; unknown ids are left out.
    public func credentialNames(ids: [String]) async throws -> [String: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try await read { db in
            let marks = Array(repeating: "?", count: unique.count).joined(separator: ",")
            var names: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM credentials WHERE id IN (\(marks))", arguments: StatementArguments(unique)) {
                names[row["id"]] = row["name"]
            }
            return names
        }
    }

    /// Deletes the row unless connectors use it (`connector_in_use`, listing them); `not_found` when there is none.
    public func deleteCredential(applicationID: String, id: String) async throws {
        try await write { db in
            let users = try Row.fetchAll(db, sql: "SELECT id, name FROM connectors WHERE credential_id = ? ORDER BY name", arguments: [id])
            guard users.isEmpty else {
                let names = users.map { $0["name"] as String }
                throw ConnectorError(
                    .connectorInUse, message: "The credential is used by \(names.count) connector(s): \(names.joined(separator: ", ")).",
                    details: ["connectors": .array(users.map { ["id": .string($0["id"]), "name": .string($0["name"])] })])
            }
            try db.execute(sql: "DELETE FROM credentials WHERE id = ? AND application_id = ?", arguments: [id, applicationID])
            guard db.changesCount == 1 else { throw ConnectorError.notFound("credential", id) }
        }
    }

    /// Credentials whose `key_id` is not `keyID`, ordered by id.
    public func credentialIDs(notWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT application_id, id FROM credentials WHERE key_id != ? ORDER BY id", arguments: [keyID])
                .map { (applicationID: $0["application_id"] as String, id: $0["id"] as String) }
        }
    }

    /// Swaps the sealed secret only if the row still holds `old`, so a concurrent update is not overwritten.
    public func replaceSealedSecret(credentialID: String, from old: SealedSecret, to new: SealedSecret) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE credentials SET key_id = ?, wrapped_key = ?, ciphertext = ? WHERE id = ? AND key_id = ? AND wrapped_key = ?",
                arguments: [new.keyID, new.wrappedKey, new.ciphertext, credentialID, old.keyID, old.wrappedKey])
        }
    }

    /// Credential counts grouped by `key_id`.
    public func credentialCountsByKey() async throws -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key_id, COUNT(*) AS n FROM credentials GROUP BY key_id") {
                counts[row["key_id"]] = row["n"]
            }
            return counts
        }
    }

    static func arguments(for credential: CredentialRecord) throws -> StatementArguments {
        let publicFields = JSONValue.object(JSONObject(credential.publicFields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        let secretNames = JSONValue.array(credential.secretFieldNames.sorted().map { .string($0) })
        return [
            "id": credential.id, "application_id": credential.applicationID, "name": credential.name,
            "kind": credential.kind.rawValue, "public_fields": publicFields.jsonString(), "secret_fields": secretNames.jsonString(),
            "key_id": credential.sealed.keyID, "wrapped_key": credential.sealed.wrappedKey, "ciphertext": credential.sealed.ciphertext,
            "expires_at": credential.expiresAt?.storedText, "version": credential.version,
            "created_at": credential.createdAt.storedText, "updated_at": credential.updatedAt.storedText,
        ]
    }

    static func credential(from row: Row) throws -> CredentialRecord {
        let publicFields = try JSONParser.parse(row["public_fields"] as String).objectValue ?? [:]
        let secretNames = try JSONParser.parse(row["secret_fields"] as String).arrayValue ?? []
        return CredentialRecord(
            id: row["id"], applicationID: row["application_id"], name: row["name"], kind: CredentialKind(rawValue: row["kind"]),
            publicFields: Dictionary(uniqueKeysWithValues: publicFields.compactMap { key, value in value.stringValue.map { (key, $0) } }),
            secretFieldNames: secretNames.compactMap(\.stringValue),
            sealed: SealedSecret(keyID: row["key_id"], wrappedKey: row["wrapped_key"], ciphertext: row["ciphertext"]),
            expiresAt: row.optionalDate("expires_at"), version: row["version"], createdAt: row.date("created_at"),
            updatedAt: row.date("updated_at"))
    }
}
