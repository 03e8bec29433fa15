import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the row; the hash column is unique.
    public func insertToken(_ token: TokenRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO tokens (id, name, application_id, role, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [token.id, token.name, token.applicationID, token.role.rawValue, token.hash, token.createdAt.storedText])
        }
    }

    /// The token whose hash is `hash`, or nil.
    public func token(hash: String) async throws -> TokenRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE hash = ?", arguments: [hash]).map(Self.token(from:))
        }
    }

    /// The application's tokens, or every token when `applicationID` is nil, oldest first.
    public func tokens(applicationID: String?) async throws -> [TokenRecord] {
        try await read { db in
            if let applicationID {
                return try Row.fetchAll(db, sql: "SELECT * FROM tokens WHERE application_id = ? ORDER BY created_at", arguments: [applicationID])
                    .map(Self.token(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY created_at").map(Self.token(from:))
        }
    }

    /// Deletes the row; `not_found` when there is no token with this id.
    public func deleteToken(id: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM tokens WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw ConnectorError.notFound("token", id) }
        }
    }

    /// The number of token rows.
    public func tokenCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tokens") ?? 0 }
    }

    /// Sets `last_used_at`; an unknown id changes nothing.
    public func touchToken(id: String, at date: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE tokens SET last_used_at = ? WHERE id = ?", arguments: [date.storedText, id])
        }
    }

    static func token(from row: Row) -> TokenRecord {
        TokenRecord(
            id: row["id"], name: row["name"], applicationID: row["application_id"],
            role: TokenRole(rawValue: row["role"]) ?? .viewer, hash: row["hash"], createdAt: row.date("created_at"),
            lastUsedAt: row.optionalDate("last_used_at"))
    }
}
