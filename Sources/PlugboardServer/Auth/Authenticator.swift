import Foundation
import Hummingbird
import PlugboardStore
import Synchronization

/// Authenticates `Authorization: Bearer <token>` by the token's SHA-256 hash.
struct Authenticator: Sendable {
    let store: any Store
    private let lastUse = LastUseThrottle()

    init(store: any Store) {
        self.store = store
    }

    func principal(for request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIError.unauthorized
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let record = try await store.token(hash: APIToken.hash(token)) else {
            throw APIError.unauthorized
        }
        let now = Date()
        if lastUse.isDue(record.id, now: now) { try? await store.touchToken(id: record.id, at: now) }
        return Principal(record)
    }
}

/// When each token's last use was written, so a busy token costs one write a minute, not one per request.
final class LastUseThrottle: Sendable {
    private let written = Mutex<[String: Date]>([:])

    func isDue(_ tokenID: String, now: Date) -> Bool {
        written.withLock { written in
            if let last = written[tokenID], now.timeIntervalSince(last) < 60 { return false }
            written[tokenID] = now
            return true
        }
    }
}
