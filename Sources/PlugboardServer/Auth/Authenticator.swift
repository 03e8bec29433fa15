import Foundation
import Hummingbird
import PlugboardStore
import Synchronization

/// Authenticates `Authorization: Bearer <token>` by the token's SHA-256 hash.
struct Authenticator: Sendable {
    let store: any TokenStore
    private let lastUse = LastUseThrottle()

    init(store: any TokenStore) {
        self.store = store
    }

    func principal(for request: Request) async throws -> Principal {
        guard let token = request.headers[.authorization].flatMap(Self.bearerToken), !token.isEmpty,
            let record = try await store.token(hash: APIToken.hash(token))
        else {
            throw APIError.unauthorized
        }
        let now = Date()
        if lastUse.isDue(record.id, now: now) { try? await store.touchToken(id: record.id, at: now) }
        return Principal(record)
    }
}

extension Authenticator {
    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), without Foundation on the hot path.
    static func bearerToken(_ header: String) -> String? {
        guard header.prefix(7).lowercased() == "bearer " else { return nil }
        // HTTP already trims the value's ends; only the spaces after the scheme remain.
        return String(header.dropFirst(7).drop { $0 == " " })
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
