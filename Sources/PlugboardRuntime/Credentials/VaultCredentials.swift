import Logging
import PlugboardCore
import PlugboardStore

/// A connector's credential as its calls and sessions read it through the vault: the version stored now, and one
/// shared OAuth2 refresh when a service refuses its token.
struct VaultCredentials: CredentialProvider {
    let record: CredentialRecord
    let vault: CredentialVault
    let logger: Logger

    /// The version stored now, so a session that outlives many calls sees a rotation; the credential's deletion is
    /// `not_found`.
    func current() async throws -> Credential? {
        try await vault.credentialForCall(try await vault.latest(record), logger: logger)
    }

    func refresh(rejected: Credential) async throws -> Credential? {
        try await vault.credentialAfterRejection(record, rejected: rejected, logger: logger)
    }
}
