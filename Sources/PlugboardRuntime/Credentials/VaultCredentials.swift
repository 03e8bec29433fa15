import Logging
import PlugboardCore
import PlugboardStore

/// A connector's credential as its calls read it through the vault: the version the call started with, and one
/// shared OAuth2 refresh when a service refuses its token.
struct VaultCredentials: CredentialProvider {
    let record: CredentialRecord
    let vault: CredentialVault
    let logger: Logger

    func current() async throws -> Credential? {
        try await vault.credentialForCall(record, logger: logger)
    }

    func refresh(rejected: Credential) async throws -> Credential? {
        try await vault.credentialAfterRejection(record, rejected: rejected, logger: logger)
    }
}
