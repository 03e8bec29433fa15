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

    /// Version 7: the execution log is pruned by start time (the retention setting).
    static func registerRetention(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("7-execution-retention") { db in
            try db.execute(sql: "CREATE INDEX executions_started ON executions(started_at)")
        }
    }
}
