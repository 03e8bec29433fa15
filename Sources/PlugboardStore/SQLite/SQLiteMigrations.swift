import GRDB

/// The SQLite schema, one registered migration per version. Never edit a shipped migration; add the next one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-core") { db in
            try db.execute(sql: """
                CREATE TABLE applications (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE credentials (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    public_fields TEXT NOT NULL,
                    secret_fields TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    wrapped_key BLOB NOT NULL,
                    ciphertext BLOB NOT NULL,
                    expires_at TEXT,
                    version INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (application_id, name)
                );
                CREATE INDEX credentials_key ON credentials(key_id);
                CREATE TABLE connectors (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    type TEXT NOT NULL,
                    options TEXT NOT NULL,
                    credential_id TEXT REFERENCES credentials(id) ON DELETE RESTRICT,
                    version INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (application_id, name)
                );
                CREATE INDEX connectors_type ON connectors(application_id, type);
                CREATE INDEX connectors_credential ON connectors(credential_id);
                CREATE TABLE dependents (
                    id TEXT PRIMARY KEY,
                    connector_id TEXT NOT NULL REFERENCES connectors(id) ON DELETE RESTRICT,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX dependents_connector ON dependents(connector_id);
                CREATE TABLE tokens (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    application_id TEXT REFERENCES applications(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    last_used_at TEXT
                );
                CREATE TABLE executions (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL,
                    connector_id TEXT NOT NULL,
                    connector_name TEXT NOT NULL,
                    action TEXT NOT NULL,
                    token_name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    error_code TEXT,
                    duration_ms REAL NOT NULL,
                    input_bytes INTEGER NOT NULL,
                    output_bytes INTEGER NOT NULL,
                    started_at TEXT NOT NULL
                );
                CREATE INDEX executions_application ON executions(application_id, started_at);
                CREATE TABLE metadata (
                    key TEXT PRIMARY KEY,
                    value BLOB NOT NULL
                );
                """)
        }
        registerToolBindings(&migrator)
        registerWorkflows(&migrator)
        registerUsage(&migrator)
        registerAuthorizations(&migrator)
        registerRetention(&migrator)
        return migrator
    }
}
