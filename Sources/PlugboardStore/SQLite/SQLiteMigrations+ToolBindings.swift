import GRDB

extension SQLiteMigrations {
    /// Migration 2: agent tool bindings. `connector_id` restricts deletes, like `dependents`, and one binding per
    /// connector keeps tool names stable.
    static func registerToolBindings(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2-tool-bindings") { db in
            try db.execute(sql: """
                CREATE TABLE tool_bindings (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL REFERENCES connectors(id) ON DELETE RESTRICT,
                    actions TEXT NOT NULL,
                    dependent_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (application_id, connector_id)
                );
                CREATE INDEX tool_bindings_connector ON tool_bindings(connector_id);
                """)
        }
    }
}
