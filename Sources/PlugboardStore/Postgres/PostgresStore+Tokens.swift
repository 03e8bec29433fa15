import Foundation
import PlugboardCore

extension PostgresStore {
    /// Inserts the row; the hash column is unique.
    public func insertToken(_ token: TokenRecord) async throws {
        try await write { session in
            try await session.execute("""
                INSERT INTO tokens (id, name, application_id, role, hash, created_at)
                VALUES (\(token.id), \(token.name), \(token.applicationID), \(token.role.rawValue), \(token.hash), \(token.createdAt))
                """)
        }
    }

    /// The token whose hash is `hash`, or nil.
    public func token(hash: String) async throws -> TokenRecord? {
        try await read { session in try await session.first("SELECT * FROM tokens WHERE hash = \(hash)").map(Self.token(from:)) }
    }

    /// The application's tokens, or every token when `applicationID` is nil, oldest first.
    public func tokens(applicationID: String?) async throws -> [TokenRecord] {
        try await read { session in
            if let applicationID {
                return try await session.rows("SELECT * FROM tokens WHERE application_id = \(applicationID) ORDER BY created_at, id")
                    .map(Self.token(from:))
            }
            return try await session.rows("SELECT * FROM tokens ORDER BY created_at, id").map(Self.token(from:))
        }
    }

    /// Deletes the row; `not_found` when there is no token with this id.
    public func deleteToken(id: String) async throws {
        try await write { session in
            guard let row = try await session.first("DELETE FROM tokens WHERE id = \(id) RETURNING application_id") else {
                throw ConnectorError.notFound("token", id)
            }
            try await announce(StoreChange(.tokens, applicationID: try row["application_id"]), session)
        }
    }

    /// The number of token rows.
    public func tokenCount() async throws -> Int {
        try await read { session in try await session.count("SELECT COUNT(*) FROM tokens") }
    }

    /// Sets `last_used_at`; an unknown id changes nothing.
    public func touchToken(id: String, at date: Date) async throws {
        try await write { session in try await session.execute("UPDATE tokens SET last_used_at = \(date) WHERE id = \(id)") }
    }

    static func token(from row: PostgresStoreRow) throws -> TokenRecord {
        TokenRecord(
            id: try row["id"], name: try row["name"], applicationID: try row["application_id"],
            role: TokenRole(rawValue: try row["role"]) ?? .viewer, hash: try row["hash"], createdAt: try row["created_at"],
            lastUsedAt: try row["last_used_at"])
    }
}
