import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Stores the event, the cursor and the trigger's count together; false when the dedup key was seen.
    public func insertTriggerEvent(_ event: TriggerEventRecord, cursor: JSONValue?) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO trigger_events (id, trigger_id, application_id, dedup_key, payload, received_at, status, attempts)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (trigger_id, dedup_key) DO NOTHING
                    """,
                arguments: [event.id, event.triggerID, event.applicationID, event.dedupKey, event.payload.jsonString(),
                            event.receivedAt.storedText, event.status.rawValue])
            let inserted = db.changesCount == 1
            if inserted {
                try db.execute(
                    sql: "UPDATE triggers SET last_event_at = ?, event_count = event_count + 1 WHERE id = ?",
                    arguments: [event.receivedAt.storedText, event.triggerID])
            }
            if let cursor {
                try db.execute(sql: "UPDATE triggers SET cursor = ? WHERE id = ?", arguments: [cursor.jsonString(), event.triggerID])
            }
            return inserted
        }
    }

    /// Pending events whose next try is due, oldest first.
    public func pendingTriggerEvents(now: Date, limit: Int) async throws -> [TriggerEventRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM trigger_events WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                    ORDER BY received_at, id LIMIT ?
                    """, arguments: [now.storedText, limit]
            ).map(Self.triggerEvent(from:))
        }
    }

    /// Marks the event delivered and queues its run, in one transaction; a run already queued for it is kept.
    public func deliverTriggerEvent(id: String, run: WorkflowRunRecord?, at: Date) async throws {
        try await write { db in
            var runID = run?.id
            if let run {
                if let existing = try String.fetchOne(db, sql: "SELECT id FROM workflow_runs WHERE event_id = ?", arguments: [id]) {
                    runID = existing
                } else {
                    try Self.insert(run, db)
                }
            }
            try db.execute(
                sql: """
                    UPDATE trigger_events SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, run_id = ?, next_attempt_at = NULL
                    WHERE id = ? AND status = 'pending'
                    """, arguments: [at.storedText, runID, id])
        }
    }

    /// Records a failed delivery.
    public func failTriggerEventDelivery(id: String, error: JSONValue, attempts: Int, retryAt: Date?) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE trigger_events SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'",
                arguments: [retryAt == nil ? "failed" : "pending", attempts, error.jsonString(), retryAt?.storedText, id])
        }
    }

    /// A page of the trigger's events, newest first.
    public func triggerEvents(triggerID: String, _ page: PageRequest) async throws -> Page<TriggerEventRecord> {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM trigger_events WHERE trigger_id = ? ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: [triggerID, page.limit, page.offset])
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trigger_events WHERE trigger_id = ?", arguments: [triggerID]) ?? 0
            return Page(items: try rows.map(Self.triggerEvent(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    static func triggerEvent(from row: Row) throws -> TriggerEventRecord {
        TriggerEventRecord(
            id: row["id"], triggerID: row["trigger_id"], applicationID: row["application_id"], dedupKey: row["dedup_key"],
            payload: try row.json("payload") ?? .null, receivedAt: row.date("received_at"),
            status: TriggerEventRecord.Status(rawValue: row["status"]) ?? .failed, attempts: row["attempts"],
            nextAttemptAt: row.optionalDate("next_attempt_at"), lastError: try row.json("last_error"), runID: row["run_id"],
            deliveredAt: row.optionalDate("delivered_at"))
    }
}
