import Foundation
import PlugboardCore

/// The execution log, written in batches.
public protocol ExecutionStore: Sendable {
    /// Adds a batch of execution records in one transaction.
    func insertExecutions(_ executions: [ExecutionRecord]) async throws
    /// A page of the application's executions that match `filter`, newest first.
    func executions(applicationID: String, filter: ExecutionFilter, _ page: PageRequest) async throws -> Page<ExecutionRecord>
    /// Deletes the records of executions that started before `cutoff` (the retention setting); returns how many.
    func deleteExecutions(startedBefore cutoff: Date) async throws -> Int
}
