/// Running statements: execute (with the first rows of a query), the define that brings LOBs back inline, fetches
/// until the limit or the end, commit and rollback. The server's ORA errors are thrown as `OracleServerError`.
extension OracleConnection {
    /// What one statement returned.
    struct StatementResult {
        var columns: [OracleColumn] = []
        var rows: [[[UInt8]?]] = []
        /// Rows changed by DML (or fetched by a query).
        var rowCount: UInt64 = 0
        /// More rows existed than the limit allowed.
        var truncated = false
    }

    /// Rows asked for per round trip.
    static let batchRows: UInt32 = 100

    /// Runs `sql` with `binds`; a query reads at most `limit` rows. With `commit` the server commits in the same call.
    /// A `callTimeout` interrupts the call with a break; the server then answers ORA-01013 and the session stays usable.
    func run(_ sql: OracleSQL, binds: [OracleBind], limit: Int?, commit: Bool = false, callTimeout: Duration? = nil) async throws -> StatementResult {
        guard let callTimeout, callTimeout > .zero else {
            return try await run(sql, binds: binds, limit: limit, commit: commit)
        }
        clearBreak()
        return try await withThrowingTaskGroup(of: StatementResult?.self) { group in
            group.addTask { try await self.run(sql, binds: binds, limit: limit, commit: commit) }
            group.addTask {
                try await Task.sleep(for: callTimeout)
                try await self.sendBreak()
                try await Task.sleep(for: .seconds(10))
                await self.abandon()
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result {
                    // A break that crossed the call's last answer would be answered later, into the next call.
                    if breakWasSent { markBroken() }
                    return result
                }
            }
            throw OracleWireError.closed
        }
    }

    private func run(_ sql: OracleSQL, binds: [OracleBind], limit: Int?, commit: Bool) async throws -> StatementResult {
        let prefetch = limit.map { UInt32(clamping: min($0 + 1, Int(Self.batchRows))) } ?? Self.batchRows
        var request = requestWriter()
        request.execute(sql: sql.text, kind: sql.kind, binds: binds, prefetch: prefetch, commit: commit, maxStringSize: capabilities.maxStringSize)
        var response = try await call(request, reading: callReader())
        let cursor = response.cursorID
        // The server may let go of the cursor with the next call, once its rows are read.
        defer { if cursor != 0 { cursorsToClose.append(cursor) } }
        if let error = response.error { throw error }
        var result = StatementResult(columns: response.columns ?? [], rowCount: response.rowCount)
        guard sql.kind == .query else { return result }
        if result.columns.contains(where: \.isLOB) {
            var define = requestWriter()
            define.define(cursor: cursor, columns: result.columns, prefetch: prefetch)
            response = try await call(define, reading: callReader(columns: result.columns))
            if let error = response.error { throw error }
        }
        var previous: [[UInt8]?]?
        while true {
            for row in response.rows {
                if let limit, result.rows.count >= limit {
                    result.truncated = true
                    break
                }
                result.rows.append(row)
            }
            previous = response.rows.last ?? previous
            if response.fetchEnded || result.truncated { break }
            var fetch = requestWriter()
            fetch.fetch(cursor: cursor, rows: Self.batchRows)
            var reader = callReader(columns: result.columns)
            reader.previousRow = previous
            response = try await call(fetch, reading: reader)
            if let error = response.error { throw error }
        }
        result.rowCount = UInt64(result.rows.count)
        return result
    }

    /// Commits the open transaction.
    func commit() async throws {
        try await simpleCall(.commit)
    }

    /// Rolls back the open transaction.
    func rollback() async throws {
        try await simpleCall(.rollback)
    }

    private func simpleCall(_ function: TTCRequestWriter.Function) async throws {
        var request = requestWriter()
        request.simple(function)
        let response = try await call(request, reading: simpleReader)
        if let error = response.error { throw error }
    }

    /// Closes the channel without a goodbye: a call that never ended leaves the byte stream unusable.
    func abandon() async {
        markBroken()
        try? await channel.close()
    }
}
