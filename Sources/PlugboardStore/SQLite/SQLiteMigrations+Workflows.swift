import GRDB

extension SQLiteMigrations {
    /// Migration 3: workflows, their runs and step results, triggers and their events, and the run an execution
    /// belongs to. A dependent now names its owner, so a workflow's rows are replaced together when it changes.
    /// Migration 4: whether a workflow is offered to agents as an MCP tool.
    static func registerWorkflows(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("3-workflows-triggers") { db in
            try db.execute(sql: """
                ALTER TABLE dependents ADD COLUMN owner_id TEXT;
                CREATE INDEX dependents_owner ON dependents(owner_id);
                ALTER TABLE executions ADD COLUMN run_id TEXT;
                CREATE INDEX executions_run ON executions(run_id) WHERE run_id IS NOT NULL;
                CREATE TABLE workflows (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    input_schema TEXT,
                    steps TEXT NOT NULL,
                    concurrency INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (application_id, name)
                );
                CREATE TABLE workflow_runs (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    workflow_id TEXT NOT NULL,
                    workflow_name TEXT NOT NULL,
                    steps TEXT NOT NULL,
                    status TEXT NOT NULL,
                    input TEXT NOT NULL,
                    output TEXT,
                    error TEXT,
                    event_id TEXT UNIQUE,
                    started_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    started_at TEXT,
                    finished_at TEXT,
                    cancel_requested INTEGER NOT NULL DEFAULT 0,
                    lease_owner TEXT,
                    lease_expires_at TEXT
                );
                CREATE INDEX workflow_runs_workflow ON workflow_runs(application_id, workflow_id, created_at);
                CREATE INDEX workflow_runs_open ON workflow_runs(status, created_at) WHERE status IN ('queued', 'running');
                CREATE TABLE workflow_run_steps (
                    run_id TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
                    step_index INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    duration_ms REAL NOT NULL,
                    output TEXT,
                    output_truncated INTEGER NOT NULL,
                    error TEXT,
                    PRIMARY KEY (run_id, step_index)
                );
                CREATE TABLE triggers (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    source TEXT NOT NULL,
                    connector_id TEXT REFERENCES connectors(id) ON DELETE RESTRICT,
                    options TEXT NOT NULL,
                    target_workflow_id TEXT,
                    target_url TEXT,
                    secret_key_id TEXT,
                    secret_wrapped_key BLOB,
                    secret_ciphertext BLOB,
                    paused INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    last_error TEXT,
                    retry_at TEXT,
                    cursor TEXT,
                    last_event_at TEXT,
                    event_count INTEGER NOT NULL,
                    dependent_id TEXT,
                    lease_owner TEXT,
                    lease_expires_at TEXT,
                    version INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (application_id, name)
                );
                CREATE INDEX triggers_workflow ON triggers(target_workflow_id);
                CREATE TABLE trigger_events (
                    id TEXT PRIMARY KEY,
                    trigger_id TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
                    application_id TEXT NOT NULL,
                    dedup_key TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at TEXT,
                    last_error TEXT,
                    run_id TEXT,
                    delivered_at TEXT,
                    UNIQUE (trigger_id, dedup_key)
                );
                CREATE INDEX trigger_events_pending ON trigger_events(status, received_at) WHERE status = 'pending';
                CREATE INDEX trigger_events_trigger ON trigger_events(trigger_id, received_at);
                """)
        }
        migrator.registerMigration("4-workflow-agent-tools") { db in
            try db.execute(sql: "ALTER TABLE workflows ADD COLUMN agent_tool INTEGER NOT NULL DEFAULT 0")
        }
    }
}
