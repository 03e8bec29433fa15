import Foundation
import PlugboardCore
import PostgresNIO

extension PostgresStore: StoreChangeFeed {
    /// Announces a change to the other replicas, delivered by PostgreSQL when (and only if) the transaction commits.
    /// The payload is `origin kind application`; a replica ignores its own.
    func announce(_ change: StoreChange, _ session: PostgresSession) async throws {
        let payload = [origin, change.kind.rawValue, change.applicationID ?? ""].joined(separator: " ")
        try await session.execute("SELECT pg_notify(\(changeChannel), \(payload))")
    }

    /// Listens on the schema's change channel with a connection of its own (outside the pool).
    public func followChanges(started: @Sendable () async -> Void, _ receive: @Sendable (StoreChange) async -> Void) async throws {
        let connection = try await connect()
        do {
            // Closing the connection is what ends the wait for the next notification when the task is cancelled.
            try await withTaskCancellationHandler {
                try await connection.listen(on: changeChannel) { notifications in
                    await started()
                    for try await notification in notifications {
                        if let change = change(from: notification.payload) { await receive(change) }
                    }
                }
            } onCancel: {
                connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
            }
        } catch {
            try? await connection.close()
            if Task.isCancelled { return }
            throw mapped(error)
        }
        try? await connection.close()
        if !Task.isCancelled { throw Self.unreachable(endpoint, ListeningEnded()) }
    }

    private struct ListeningEnded: Error {}

    private func change(from payload: String) -> StoreChange? {
        let parts = payload.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] != origin else { return nil }
        return StoreChange(StoreChange.Kind(rawValue: parts[1]), applicationID: parts[2].isEmpty ? nil : parts[2])
    }
}
