extension PostgresMigrations {
    /// Version 1: what the SQLite store's migrations 1, 2, 5 and 6 made: applications, credentials, connectors and
    /// their dependents, tokens, the execution log, metadata, tool bindings and OAuth2 sign-ins. Names sort by
    /// byte (`COLLATE "C"`), as in SQLite, whatever the database's locale.
    static let core = Migration(version: 1, name: "core", statements: [
        """
        CREATE TABLE applications (
            id TEXT PRIMARY KEY, name TEXT COLLATE "C" NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE credentials (
            id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            name TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL, public_fields TEXT NOT NULL, secret_fields TEXT NOT NULL,
            key_id TEXT NOT NULL, wrapped_key BYTEA NOT NULL, ciphertext BYTEA NOT NULL, expires_at TIMESTAMPTZ,
            version BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            UNIQUE (application_id, name))
        """,
        "CREATE INDEX credentials_key ON credentials(key_id)",
        """
        CREATE TABLE connectors (
            id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            name TEXT COLLATE "C" NOT NULL, description TEXT NOT NULL, type TEXT COLLATE "C" NOT NULL, options TEXT NOT NULL,
            credential_id TEXT REFERENCES credentials(id) ON DELETE RESTRICT,
            version BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            UNIQUE (application_id, name))
        """,
        "CREATE INDEX connectors_type ON connectors(application_id, type)",
        "CREATE INDEX connectors_credential ON connectors(credential_id)",
        """
        CREATE TABLE dependents (
            id TEXT PRIMARY KEY, connector_id TEXT NOT NULL REFERENCES connectors(id) ON DELETE RESTRICT,
            kind TEXT NOT NULL, name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, owner_id TEXT)
        """,
        "CREATE INDEX dependents_connector ON dependents(connector_id)",
        "CREATE INDEX dependents_owner ON dependents(owner_id)",
        """
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY, name TEXT NOT NULL,
            application_id TEXT REFERENCES applications(id) ON DELETE CASCADE,
            role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL, last_used_at TIMESTAMPTZ)
        """,
        """
        CREATE TABLE executions (
            id TEXT PRIMARY KEY, application_id TEXT NOT NULL, connector_id TEXT NOT NULL, connector_name TEXT NOT NULL,
            action TEXT NOT NULL, token_name TEXT NOT NULL, status TEXT NOT NULL, error_code TEXT,
            duration_ms DOUBLE PRECISION NOT NULL, input_bytes BIGINT NOT NULL, output_bytes BIGINT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL, run_id TEXT, input_tokens BIGINT, output_tokens BIGINT)
        """,
        "CREATE INDEX executions_application ON executions(application_id, started_at)",
        "CREATE INDEX executions_started ON executions(started_at)",
        "CREATE INDEX executions_run ON executions(run_id) WHERE run_id IS NOT NULL",
        "CREATE TABLE metadata (key TEXT PRIMARY KEY, value BYTEA NOT NULL)",
        """
        CREATE TABLE tool_bindings (
            id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            connector_id TEXT NOT NULL REFERENCES connectors(id) ON DELETE RESTRICT,
            actions TEXT NOT NULL, dependent_id TEXT NOT NULL, version BIGINT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            UNIQUE (application_id, connector_id))
        """,
        "CREATE INDEX tool_bindings_connector ON tool_bindings(connector_id)",
        """
        CREATE TABLE oauth2_authorizations (
            state_hash TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
            key_id TEXT NOT NULL, wrapped_key BYTEA NOT NULL, ciphertext BYTEA NOT NULL, redirect_uri TEXT NOT NULL,
            started_by TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX oauth2_authorizations_expiry ON oauth2_authorizations(expires_at)",
    ])

    /// Version 2: what the SQLite store's migrations 3 and 4 made: workflows, their runs and step results, triggers
    /// (with their runner's lease) and their events.
    static let triggersAndWorkflows = Migration(version: 2, name: "workflows-triggers", statements: [
        """
        CREATE TABLE workflows (
            id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            name TEXT COLLATE "C" NOT NULL, description TEXT NOT NULL, input_schema TEXT, steps TEXT NOT NULL,
            concurrency BIGINT NOT NULL, agent_tool BOOLEAN NOT NULL DEFAULT false, version BIGINT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            UNIQUE (application_id, name))
        """,
        """
        CREATE TABLE workflow_runs (
            id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            workflow_id TEXT NOT NULL, workflow_name TEXT NOT NULL, steps TEXT NOT NULL, status TEXT NOT NULL,
            input TEXT NOT NULL, output TEXT, error TEXT, event_id TEXT UNIQUE, started_by TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
            cancel_requested BOOLEAN NOT NULL DEFAULT false, lease_owner TEXT, lease_expires_at TIMESTAMPTZ)
        """,
        "CREATE INDEX workflow_runs_workflow ON workflow_runs(application_id, workflow_id, created_at)",
        "CREATE INDEX workflow_runs_open ON workflow_runs(status, created_at) WHERE status IN ('queued', 'running')",
        """
        CREATE TABLE workflow_run_steps (
            run_id TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
            step_index BIGINT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, attempts BIGINT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, output TEXT,
            output_truncated BOOLEAN NOT NULL, error TEXT,
            PRIMARY KEY (run_id, step_index))
        """,
        """
        CREATE TABLE triggers (
            id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            name TEXT COLLATE "C" NOT NULL, source TEXT NOT NULL,
            connector_id TEXT REFERENCES connectors(id) ON DELETE RESTRICT,
            options TEXT NOT NULL, target_workflow_id TEXT, target_url TEXT,
            secret_key_id TEXT, secret_wrapped_key BYTEA, secret_ciphertext BYTEA,
            paused BOOLEAN NOT NULL, state TEXT NOT NULL, last_error TEXT, retry_at TIMESTAMPTZ, cursor TEXT,
            last_event_at TIMESTAMPTZ, event_count BIGINT NOT NULL, dependent_id TEXT,
            lease_owner TEXT, lease_expires_at TIMESTAMPTZ,
            version BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            UNIQUE (application_id, name))
        """,
        "CREATE INDEX triggers_workflow ON triggers(target_workflow_id)",
        """
        CREATE TABLE trigger_events (
            id TEXT PRIMARY KEY,
            trigger_id TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
            application_id TEXT NOT NULL, dedup_key TEXT NOT NULL, payload TEXT NOT NULL,
            received_at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL, attempts BIGINT NOT NULL,
            next_attempt_at TIMESTAMPTZ, last_error TEXT, run_id TEXT, delivered_at TIMESTAMPTZ,
            UNIQUE (trigger_id, dedup_key))
        """,
        "CREATE INDEX trigger_events_pending ON trigger_events(status, received_at) WHERE status = 'pending'",
        "CREATE INDEX trigger_events_trigger ON trigger_events(trigger_id, received_at)",
    ])
}
