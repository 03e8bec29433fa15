import Foundation
import PlugboardCore

extension PostgresStore {
    /// Stores the event, the cursor and the trigger's count together; false when the dedup key was seen.
    public func insertTriggerEvent(_ event: TriggerEventRecord, cursor: JSONValue?) async throws -> Bool {
        let payload = event.payload.jsonString(), cursorText = cursor?.jsonString()
        return try await write { session in
            let inserted = try await session.execute("""
                INSERT INTO trigger_events (id, trigger_id, application_id, dedup_key, payload, received_at, status, attempts)
                VALUES (\(event.id), \(event.triggerID), \(event.applicationID), \(event.dedupKey), \(payload), \(event.receivedAt),
                    \(event.status.rawValue), 0)
                ON CONFLICT (trigger_id, dedup_key) DO NOTHING
                """) == 1
            if inserted {
                try await session.execute(
                    "UPDATE triggers SET last_event_at = \(event.receivedAt), event_count = event_count + 1 WHERE id = \(event.triggerID)")
            }
            if let cursorText {
                try await session.execute("UPDATE triggers SET cursor = \(cursorText) WHERE id = \(event.triggerID)")
            }
            return inserted
        }
    }

    /// Pending events whose next try is due, oldest first.
    public func pendingTriggerEvents(now: Date, limit: Int) async throws -> [TriggerEventRecord] {
        try await read { session in
            try await session.rows("""
                SELECT * FROM trigger_events WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= \(now))
                ORDER BY received_at, id LIMIT \(limit)
                """).map(Self.triggerEvent(from:))
        }
    }

    /// Marks the event delivered and queues its run, in one transaction; a run already queued for it is kept.
    public func deliverTriggerEvent(id: String, run: WorkflowRunRecord?, at: Date) async throws {
        try await write { session in
            var runID = run?.id
            if let run {
                if let existing = try await session.first("SELECT id FROM workflow_runs WHERE event_id = \(id)") {
                    runID = try existing["id"]
                } else {
                    try await Self.insert(run, session)
                }
            }
            try await session.execute("""
                UPDATE trigger_events SET status = 'delivered', attempts = attempts + 1, delivered_at = \(at), run_id = \(runID),
                    next_attempt_at = NULL
                WHERE id = \(id) AND status = 'pending'
                """)
        }
    }

    /// Records a failed delivery.
    public func failTriggerEventDelivery(id: String, error: JSONValue, attempts: Int, retryAt: Date?) async throws {
        let status = retryAt == nil ? "failed" : "pending", errorText = error.jsonString()
        try await write { session in
            try await session.execute("""
                UPDATE trigger_events SET status = \(status), attempts = \(attempts), last_error = \(errorText), next_attempt_at = \(retryAt)
                WHERE id = \(id) AND status = 'pending'
                """)
        }
    }

    /// A page of the trigger's events, newest first.
    public func triggerEvents(triggerID: String, _ page: PageRequest) async throws -> Page<TriggerEventRecord> {
        try await read { session in
            let rows = try await session.rows("""
                SELECT * FROM trigger_events WHERE trigger_id = \(triggerID) ORDER BY received_at DESC, id DESC
                LIMIT \(page.limit) OFFSET \(page.offset)
                """)
            let total = try await session.count("SELECT COUNT(*) FROM trigger_events WHERE trigger_id = \(triggerID)")
            return Page(items: try rows.map(Self.triggerEvent(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    static func triggerEvent(from row: PostgresStoreRow) throws -> TriggerEventRecord {
        TriggerEventRecord(
            id: try row["id"], triggerID: try row["trigger_id"], applicationID: try row["application_id"], dedupKey: try row["dedup_key"],
            payload: try row.json("payload") ?? .null, receivedAt: try row["received_at"],
            status: TriggerEventRecord.Status(rawValue: try row["status"]) ?? .failed, attempts: try row["attempts"],
            nextAttemptAt: try row["next_attempt_at"], lastError: try row.json("last_error"), runID: try row["run_id"],
            deliveredAt: try row["delivered_at"])
    }
}
