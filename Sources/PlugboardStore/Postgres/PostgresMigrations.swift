import Foundation
import PlugboardCore
import PostgresNIO

/// The PostgreSQL schema, one numbered migration per version. Replicas starting together take a session advisory
/// lock first, so each migration runs once; a version is recorded in the same transaction as its statements.
/// Never edit a shipped migration; add the next one.
enum PostgresMigrations {
    struct Migration {
        let version: Int
        let name: String
        let statements: [String]
    }

    static let all: [Migration] = [core, triggersAndWorkflows]

    /// Creates `schema` if needed and applies every pending migration, one replica at a time.
    static func migrate(_ store: PostgresStore, schema: String) async throws {
        let quoted = "\"" + schema.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let lockKey = "plugboard-migrations:" + schema
        try await store.read { session in
            try await session.execute("SELECT pg_advisory_lock(hashtext(\(lockKey)))")
            do {
                try await session.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted)"))
                try await session.execute(PostgresQuery(unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(quoted).plugboard_migrations (
                        version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)
                    """))
                let applied = Set(try await session.rows("SELECT version FROM plugboard_migrations").map { row -> Int in try row["version"] })
                if let newest = applied.max(), newest > all.count {
                    throw ConnectorError(
                        .invalidConfiguration, message: "The database's schema is at version \(newest), newer than this Plugboard knows (\(all.count)).",
                        cause: "A newer Plugboard release migrated this database.", fix: "Run the same Plugboard release on every replica.")
                }
                for migration in all where !applied.contains(migration.version) {
                    try await apply(migration, session)
                }
            } catch {
                _ = try? await session.execute("SELECT pg_advisory_unlock(hashtext(\(lockKey)))")
                throw error
            }
            try await session.execute("SELECT pg_advisory_unlock(hashtext(\(lockKey)))")
        }
    }

    private static func apply(_ migration: Migration, _ session: PostgresSession) async throws {
        try await session.transaction {
            for statement in migration.statements { try await session.execute(PostgresQuery(unsafeSQL: statement)) }
            try await session.execute(
                "INSERT INTO plugboard_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), \(Date()))")
        }
    }
}
