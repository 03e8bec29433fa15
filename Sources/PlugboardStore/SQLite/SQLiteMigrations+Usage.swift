import GRDB

extension SQLiteMigrations {
    /// Version 5: the tokens an execution used (an LLM's input and output tokens), null for actions that count none.
    static func registerUsage(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("5-execution-tokens") { db in
            try db.execute(sql: """
                ALTER TABLE executions ADD COLUMN input_tokens INTEGER;
                ALTER TABLE executions ADD COLUMN output_tokens INTEGER;
                """)
        }
    }
}
