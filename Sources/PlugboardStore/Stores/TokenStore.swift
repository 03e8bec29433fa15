import Foundation
import PlugboardCore

/// API tokens, stored by the hash of their value.
public protocol TokenStore: Sendable {
    /// Adds an API token record (its hash, never the token).
    func insertToken(_ token: TokenRecord) async throws
    /// The token with this SHA-256 hash, or nil; how requests are authenticated.
    func token(hash: String) async throws -> TokenRecord?
    /// The application's tokens, oldest first; every token, global ones included, when `applicationID` is nil.
    func tokens(applicationID: String?) async throws -> [TokenRecord]
    /// Deletes a token; `not_found` when there is none with this id.
    func deleteToken(id: String) async throws
    /// How many tokens exist, so a first start knows to make an admin token.
    func tokenCount() async throws -> Int
    /// Records when a token last authenticated a request.
    func touchToken(id: String, at date: Date) async throws
}
