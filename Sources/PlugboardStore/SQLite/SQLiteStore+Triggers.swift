import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the trigger and, for a node's source, its dependent row, in one transaction.
    public func insertTrigger(_ trigger: TriggerRecord) async throws {
        let arguments = Self.arguments(for: trigger)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO triggers (id, application_id, name, source, connector_id, options, target_workflow_id, target_url,
                        secret_key_id, secret_wrapped_key, secret_ciphertext, paused, state, last_error, retry_at, cursor, last_event_at,
                        event_count, dependent_id, version, created_at, updated_at)
                    VALUES (:id, :application_id, :name, :source, :connector_id, :options, :target_workflow_id, :target_url,
                        :secret_key_id, :secret_wrapped_key, :secret_ciphertext, :paused, :state, :last_error, :retry_at, :cursor, :last_event_at,
                        :event_count, :dependent_id, :version, :created_at, :updated_at)
                    """, arguments: arguments)
            if let connectorID = trigger.connectorID, let dependentID = trigger.dependentID {
                try db.execute(
                    sql: "INSERT INTO dependents (id, connector_id, kind, name, created_at, owner_id) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [dependentID, connectorID, TriggerRecord.dependentKind, trigger.name, trigger.createdAt.storedText, trigger.id])
            }
        }
    }

    /// Writes the user's edits if the version is still `expectedVersion`; a paused trigger's lease is let go.
    public func updateTrigger(_ trigger: TriggerRecord, expectedVersion: Int) async throws {
        var arguments = Self.arguments(for: trigger)
        arguments += ["expected_version": expectedVersion]
        let updateArguments = arguments
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE triggers SET name = :name, options = :options, target_workflow_id = :target_workflow_id, target_url = :target_url,
                        secret_key_id = :secret_key_id, secret_wrapped_key = :secret_wrapped_key, secret_ciphertext = :secret_ciphertext,
                        paused = :paused, state = :state, version = :version, updated_at = :updated_at
                    WHERE id = :id AND application_id = :application_id AND version = :expected_version
                    """, arguments: updateArguments)
            guard db.changesCount == 1 else {
                throw ConnectorError(.conflict, message: "The trigger changed while this update was made.", fix: "Read it again and repeat the change.")
            }
            try db.execute(sql: "UPDATE dependents SET name = ? WHERE owner_id = ?", arguments: [trigger.name, trigger.id])
        }
    }

    /// The trigger with this id or name in the application.
    public func trigger(applicationID: String, _ reference: String) async throws -> TriggerRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM triggers WHERE application_id = ? AND (id = ? OR name = ?) ORDER BY id = ? DESC LIMIT 1",
                arguments: [applicationID, reference, reference, reference]
            ).map(Self.trigger(from:))
        }
    }

    /// The trigger with this id.
    public func trigger(id: String) async throws -> TriggerRecord? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM triggers WHERE id = ?", arguments: [id]).map(Self.trigger(from:)) }
    }

    /// Every trigger of the application, by name.
    public func triggers(applicationID: String) async throws -> [TriggerRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM triggers WHERE application_id = ? ORDER BY name", arguments: [applicationID]).map(Self.trigger(from:))
        }
    }

    /// Deletes the trigger (its events cascade) and its dependent row.
    public func deleteTrigger(applicationID: String, id: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM dependents WHERE owner_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM triggers WHERE id = ? AND application_id = ?", arguments: [id, applicationID])
            guard db.changesCount == 1 else { throw ConnectorError.notFound("trigger", id) }
        }
    }

    /// Writes the runner's state.
    public func setTriggerStatus(id: String, _ status: TriggerStatus) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE triggers SET state = ?, last_error = ?, retry_at = ? WHERE id = ?",
                arguments: [status.state, status.lastError?.jsonString(), status.retryAt?.storedText, id])
        }
    }

    /// Takes or renews the leases on unpaused triggers that are free, lapsed or `owner`'s.
    public func leaseTriggers(owner: String, until: Date, now: Date) async throws -> [TriggerRecord] {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE triggers SET lease_owner = ?, lease_expires_at = ?
                    WHERE paused = 0 AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at < ?)
                    """, arguments: [owner, until.storedText, owner, now.storedText])
            return try Row.fetchAll(db, sql: "SELECT * FROM triggers WHERE lease_owner = ? AND paused = 0 ORDER BY created_at", arguments: [owner])
                .map(Self.trigger(from:))
        }
    }

    /// Lets go of `owner`'s leases.
    public func releaseTriggerLeases(owner: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE triggers SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?", arguments: [owner])
        }
    }

    /// Trigger ids whose secret is sealed under another key.
    public func triggerIDs(secretNotWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT application_id, id FROM triggers WHERE secret_key_id IS NOT NULL AND secret_key_id != ?", arguments: [keyID]
            ).map { (applicationID: $0["application_id"], id: $0["id"]) }
        }
    }

    /// Replaces the sealed secret if it is still `old`.
    public func replaceTriggerSecret(triggerID: String, from old: SealedSecret, to new: SealedSecret) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE triggers SET secret_key_id = ?, secret_wrapped_key = ?, secret_ciphertext = ?
                    WHERE id = ? AND secret_key_id = ? AND secret_wrapped_key = ?
                    """, arguments: [new.keyID, new.wrappedKey, new.ciphertext, triggerID, old.keyID, old.wrappedKey])
        }
    }

    static func arguments(for trigger: TriggerRecord) -> StatementArguments {
        var workflow: String?
        var url: String?
        switch trigger.target {
        case .workflow(let id): workflow = id
        case .url(let address): url = address
        }
        return [
            "id": trigger.id, "application_id": trigger.applicationID, "name": trigger.name, "source": trigger.source,
            "connector_id": trigger.connectorID, "options": JSONValue.object(trigger.options).jsonString(), "target_workflow_id": workflow,
            "target_url": url, "secret_key_id": trigger.secret?.keyID, "secret_wrapped_key": trigger.secret?.wrappedKey,
            "secret_ciphertext": trigger.secret?.ciphertext, "paused": trigger.paused, "state": trigger.state,
            "last_error": trigger.lastError?.jsonString(), "retry_at": trigger.retryAt?.storedText, "cursor": trigger.cursor?.jsonString(),
            "last_event_at": trigger.lastEventAt?.storedText, "event_count": trigger.eventCount, "dependent_id": trigger.dependentID,
            "version": trigger.version, "created_at": trigger.createdAt.storedText, "updated_at": trigger.updatedAt.storedText,
        ]
    }

    static func trigger(from row: Row) throws -> TriggerRecord {
        let workflow: String? = row["target_workflow_id"]
        let keyID: String? = row["secret_key_id"]
        let secret = keyID.map { SealedSecret(keyID: $0, wrappedKey: row["secret_wrapped_key"], ciphertext: row["secret_ciphertext"]) }
        return TriggerRecord(
            id: row["id"], applicationID: row["application_id"], name: row["name"], source: row["source"], connectorID: row["connector_id"],
            options: try row.json("options")?.objectValue ?? [:], target: workflow.map(TriggerRecord.Target.workflow) ?? .url(row["target_url"]),
            secret: secret, paused: row["paused"], state: row["state"], lastError: try row.json("last_error"), retryAt: row.optionalDate("retry_at"),
            cursor: try row.json("cursor"), lastEventAt: row.optionalDate("last_event_at"), eventCount: row["event_count"],
            dependentID: row["dependent_id"], version: row["version"], createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
    }
}
