import GRDB

extension SQLiteMigrations {
    /// Version 6: OAuth2 sign-ins under way, by the hash of their state; each lives minutes and is used once.
    static func registerAuthorizations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("6-oauth2-authorizations") { db in
            try db.execute(sql: """
                CREATE TABLE oauth2_authorizations (
                    state_hash TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
                    key_id TEXT NOT NULL,
                    wrapped_key BLOB NOT NULL,
                    ciphertext BLOB NOT NULL,
                    redirect_uri TEXT NOT NULL,
                    started_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );
                CREATE INDEX oauth2_authorizations_expiry ON oauth2_authorizations(expires_at);
                """)
        }
    }
}
