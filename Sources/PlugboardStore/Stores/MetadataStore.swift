import Foundation
import PlugboardCore

/// Small named values the server keeps for itself, such as the master-key canary.
public protocol MetadataStore: Sendable {
    /// The value stored under `key` (such as the master-key canary), or nil.
    func metadata(_ key: String) async throws -> Data?
    /// Stores `value` under `key`, replacing what was there.
    func setMetadata(_ key: String, _ value: Data) async throws
}
