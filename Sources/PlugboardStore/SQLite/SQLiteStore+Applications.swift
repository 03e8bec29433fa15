import GRDB

extension SQLiteStore {
    /// Inserts the row; `already_exists` when the name is taken.
    public func insertApplication(_ application: ApplicationRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO applications (id, name, created_at) VALUES (?, ?, ?)",
                arguments: [application.id, application.name, application.createdAt.storedText])
        }
    }

    /// A page of applications ordered by name, with the total count.
    public func applications(_ page: PageRequest) async throws -> Page<ApplicationRecord> {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM applications ORDER BY name LIMIT ? OFFSET ?", arguments: [page.limit, page.offset])
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM applications") ?? 0
            return Page(items: rows.map(Self.application(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// The application whose id or name is `reference`; an id match wins over a name match.
    public func application(_ reference: String) async throws -> ApplicationRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM applications WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1", arguments: [reference, reference, reference])
                .map(Self.application(from:))
        }
    }

    static func application(from row: Row) -> ApplicationRecord {
        ApplicationRecord(id: row["id"], name: row["name"], createdAt: row.date("created_at"))
    }
}
