import PlugboardCore

extension PostgresStore {
    /// Inserts the row; `already_exists` when the name is taken.
    public func insertApplication(_ application: ApplicationRecord) async throws {
        try await write { session in
            try await session.execute(
                "INSERT INTO applications (id, name, created_at) VALUES (\(application.id), \(application.name), \(application.createdAt))")
        }
    }

    /// A page of applications ordered by name, with the total count.
    public func applications(_ page: PageRequest) async throws -> Page<ApplicationRecord> {
        try await read { session in
            let rows = try await session.rows("SELECT * FROM applications ORDER BY name LIMIT \(page.limit) OFFSET \(page.offset)")
            let total = try await session.count("SELECT COUNT(*) FROM applications")
            return Page(items: try rows.map(Self.application(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// The application whose id or name is `reference`; an id match wins over a name match.
    public func application(_ reference: String) async throws -> ApplicationRecord? {
        try await read { session in
            try await session.first(
                "SELECT * FROM applications WHERE id = \(reference) OR name = \(reference) ORDER BY (id = \(reference)) DESC LIMIT 1"
            ).map(Self.application(from:))
        }
    }

    static func application(from row: PostgresStoreRow) throws -> ApplicationRecord {
        ApplicationRecord(id: try row["id"], name: try row["name"], createdAt: try row["created_at"])
    }
}
