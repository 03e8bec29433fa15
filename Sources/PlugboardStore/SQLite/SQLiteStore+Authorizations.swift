import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the sign-in and deletes those that expired more than an hour ago (recent ones stay, so a late
    /// callback is told it expired rather than that it is unknown).
    public func insertAuthorization(_ authorization: OAuth2AuthorizationRecord) async throws {
        let cutoff = Date().addingTimeInterval(-3600).storedText
        try await write { db in
            try db.execute(sql: "DELETE FROM oauth2_authorizations WHERE expires_at < ?", arguments: [cutoff])
            try db.execute(
                sql: """
                    INSERT INTO oauth2_authorizations (state_hash, application_id, credential_id, key_id, wrapped_key, ciphertext,
                        redirect_uri, started_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    authorization.stateHash, authorization.applicationID, authorization.credentialID, authorization.sealedVerifier.keyID,
                    authorization.sealedVerifier.wrappedKey, authorization.sealedVerifier.ciphertext, authorization.redirectURI,
                    authorization.startedBy, authorization.createdAt.storedText, authorization.expiresAt.storedText,
                ])
        }
    }

    /// Reads and deletes the row in one transaction, so two callbacks with one state cannot both have it.
    public func takeAuthorization(stateHash: String) async throws -> OAuth2AuthorizationRecord? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM oauth2_authorizations WHERE state_hash = ?", arguments: [stateHash]) else {
                return nil
            }
            try db.execute(sql: "DELETE FROM oauth2_authorizations WHERE state_hash = ?", arguments: [stateHash])
            return OAuth2AuthorizationRecord(
                stateHash: row["state_hash"], applicationID: row["application_id"], credentialID: row["credential_id"],
                sealedVerifier: SealedSecret(keyID: row["key_id"], wrappedKey: row["wrapped_key"], ciphertext: row["ciphertext"]),
                redirectURI: row["redirect_uri"], startedBy: row["started_by"], createdAt: row.date("created_at"),
                expiresAt: row.date("expires_at"))
        }
    }
}
