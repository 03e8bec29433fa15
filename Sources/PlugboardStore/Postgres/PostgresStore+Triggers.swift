import Foundation
import PlugboardCore

extension PostgresStore {
    /// Inserts the trigger and, for a node's source, its dependent row, in one transaction.
    public func insertTrigger(_ trigger: TriggerRecord) async throws {
        let stored = StoredTrigger(trigger)
        try await write { session in
            try await session.execute("""
                INSERT INTO triggers (id, application_id, name, source, connector_id, options, target_workflow_id, target_url,
                    secret_key_id, secret_wrapped_key, secret_ciphertext, paused, state, last_error, retry_at, cursor, last_event_at,
                    event_count, dependent_id, version, created_at, updated_at)
                VALUES (\(trigger.id), \(trigger.applicationID), \(trigger.name), \(trigger.source), \(trigger.connectorID), \(stored.options),
                    \(stored.workflow), \(stored.url), \(trigger.secret?.keyID), \(trigger.secret?.wrappedKey), \(trigger.secret?.ciphertext),
                    \(trigger.paused), \(trigger.state), \(stored.lastError), \(trigger.retryAt), \(stored.cursor), \(trigger.lastEventAt),
                    \(trigger.eventCount), \(trigger.dependentID), \(trigger.version), \(trigger.createdAt), \(trigger.updatedAt))
                """)
            if let connectorID = trigger.connectorID, let dependentID = trigger.dependentID {
                try await session.execute("""
                    INSERT INTO dependents (id, connector_id, kind, name, created_at, owner_id)
                    VALUES (\(dependentID), \(connectorID), \(TriggerRecord.dependentKind), \(trigger.name), \(trigger.createdAt), \(trigger.id))
                    """)
            }
        }
    }

    /// Writes the user's edits if the version is still `expectedVersion`.
    public func updateTrigger(_ trigger: TriggerRecord, expectedVersion: Int) async throws {
        let stored = StoredTrigger(trigger)
        try await write { session in
            let changed = try await session.execute("""
                UPDATE triggers SET name = \(trigger.name), options = \(stored.options), target_workflow_id = \(stored.workflow),
                    target_url = \(stored.url), secret_key_id = \(trigger.secret?.keyID), secret_wrapped_key = \(trigger.secret?.wrappedKey),
                    secret_ciphertext = \(trigger.secret?.ciphertext), paused = \(trigger.paused), state = \(trigger.state),
                    version = \(trigger.version), updated_at = \(trigger.updatedAt)
                WHERE id = \(trigger.id) AND application_id = \(trigger.applicationID) AND version = \(expectedVersion)
                """)
            guard changed == 1 else {
                throw ConnectorError(.conflict, message: "The trigger changed while this update was made.", fix: "Read it again and repeat the change.")
            }
            try await session.execute("UPDATE dependents SET name = \(trigger.name) WHERE owner_id = \(trigger.id)")
        }
    }

    /// The trigger with this id or name in the application.
    public func trigger(applicationID: String, _ reference: String) async throws -> TriggerRecord? {
        try await read { session in
            try await session.first("""
                SELECT * FROM triggers WHERE application_id = \(applicationID) AND (id = \(reference) OR name = \(reference))
                ORDER BY (id = \(reference)) DESC LIMIT 1
                """).map(Self.trigger(from:))
        }
    }

    /// The trigger with this id.
    public func trigger(id: String) async throws -> TriggerRecord? {
        try await read { session in try await session.first("SELECT * FROM triggers WHERE id = \(id)").map(Self.trigger(from:)) }
    }

    /// Every trigger of the application, by name.
    public func triggers(applicationID: String) async throws -> [TriggerRecord] {
        try await read { session in
            try await session.rows("SELECT * FROM triggers WHERE application_id = \(applicationID) ORDER BY name").map(Self.trigger(from:))
        }
    }

    /// Deletes the trigger (its events cascade) and its dependent row.
    public func deleteTrigger(applicationID: String, id: String) async throws {
        try await write { session in
            try await session.execute("DELETE FROM dependents WHERE owner_id = \(id)")
            guard try await session.execute("DELETE FROM triggers WHERE id = \(id) AND application_id = \(applicationID)") == 1 else {
                throw ConnectorError.notFound("trigger", id)
            }
        }
    }

    /// Writes the runner's state.
    public func setTriggerStatus(id: String, _ status: TriggerStatus) async throws {
        let lastError = status.lastError?.jsonString()
        try await write { session in
            try await session.execute(
                "UPDATE triggers SET state = \(status.state), last_error = \(lastError), retry_at = \(status.retryAt) WHERE id = \(id)")
        }
    }

    /// Takes or renews the leases on unpaused triggers that are free, lapsed or `owner`'s. Replicas racing for a
    /// lapsed lease queue on its row lock, and the later one sees the lease taken.
    public func leaseTriggers(owner: String, until: Date, now: Date) async throws -> [TriggerRecord] {
        try await write { session in
            try await session.execute("""
                UPDATE triggers SET lease_owner = \(owner), lease_expires_at = \(until)
                WHERE NOT paused AND (lease_owner IS NULL OR lease_owner = \(owner) OR lease_expires_at < \(now))
                """)
            return try await session.rows("SELECT * FROM triggers WHERE lease_owner = \(owner) AND NOT paused ORDER BY created_at, id")
                .map(Self.trigger(from:))
        }
    }

    /// Lets go of `owner`'s leases.
    public func releaseTriggerLeases(owner: String) async throws {
        try await write { session in
            try await session.execute("UPDATE triggers SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = \(owner)")
        }
    }

    /// Trigger ids whose secret is sealed under another key.
    public func triggerIDs(secretNotWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)] {
        try await read { session in
            try await session.rows("SELECT application_id, id FROM triggers WHERE secret_key_id IS NOT NULL AND secret_key_id != \(keyID)")
                .map { (applicationID: try $0["application_id"], id: try $0["id"]) }
        }
    }

    /// Replaces the sealed secret if it is still `old`.
    public func replaceTriggerSecret(triggerID: String, from old: SealedSecret, to new: SealedSecret) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE triggers SET secret_key_id = \(new.keyID), secret_wrapped_key = \(new.wrappedKey), secret_ciphertext = \(new.ciphertext)
                WHERE id = \(triggerID) AND secret_key_id = \(old.keyID) AND secret_wrapped_key = \(old.wrappedKey)
                """)
        }
    }

    static func trigger(from row: PostgresStoreRow) throws -> TriggerRecord {
        let workflow: String? = try row["target_workflow_id"]
        let keyID: String? = try row["secret_key_id"]
        let secret = try keyID.map { SealedSecret(keyID: $0, wrappedKey: try row["secret_wrapped_key"], ciphertext: try row["secret_ciphertext"]) }
        return TriggerRecord(
            id: try row["id"], applicationID: try row["application_id"], name: try row["name"], source: try row["source"],
            connectorID: try row["connector_id"], options: try row.json("options")?.objectValue ?? [:],
            target: try workflow.map(TriggerRecord.Target.workflow) ?? .url(try row["target_url"]), secret: secret, paused: try row["paused"],
            state: try row["state"], lastError: try row.json("last_error"), retryAt: try row["retry_at"], cursor: try row.json("cursor"),
            lastEventAt: try row["last_event_at"], eventCount: try row["event_count"], dependentID: try row["dependent_id"],
            version: try row["version"], createdAt: try row["created_at"], updatedAt: try row["updated_at"])
    }
}

/// A trigger's columns that are stored as text: its options, target, error and cursor.
private struct StoredTrigger {
    var options: String
    var workflow: String?
    var url: String?
    var lastError: String?
    var cursor: String?

    init(_ trigger: TriggerRecord) {
        options = JSONValue.object(trigger.options).jsonString()
        switch trigger.target {
        case .workflow(let id): workflow = id
        case .url(let address): url = address
        }
        lastError = trigger.lastError?.jsonString()
        cursor = trigger.cursor?.jsonString()
    }
}
