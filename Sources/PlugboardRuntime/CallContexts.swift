import Logging
import PlugboardCore
import PlugboardStore

/// The credential a call uses: its decrypted values and the record they came from (to refresh an OAuth2 token).
struct CallCredential: Sendable {
    var value: Credential?
    var record: CredentialRecord?
    /// The values to redact from everything the call returns.
    var secrets: [String] { value?.secretValues ?? [] }
}

/// Builds what drivers get for one call: the guarded network, the deadline, a logger that redacts the credential's
/// secrets, and a way to refresh an OAuth2 token the service refused.
struct CallContexts: Sendable {
    let network: any NetworkAccess
    let vault: CredentialVault
    let logger: Logger

    func context(for call: CallCredential, deadline: ContinuousClock.Instant) -> DriverContext {
        let vault = self.vault
        let logger = self.logger
        return DriverContext(
            network: network, deadline: deadline, logger: logger.redacting(call.secrets), credential: call.value,
            refreshCredential: {
                guard let record = call.record, let rejected = call.value else { return nil }
                return try await vault.credentialAfterRejection(record, rejected: rejected, logger: logger)
            })
    }

    /// Runs a type's check of new options with the network (fetching the document they name) before they are saved.
    @Sendable func checkBeforeSave(_ driver: AnyConnectorDriver, _ configured: AnyConnectorDriver.Configured, _ record: CredentialRecord?) async throws {
        guard driver.checksOnSave else { return }
        var call = CallCredential()
        if let record { call = CallCredential(value: try await vault.credentialForCall(record, logger: logger), record: record) }
        let deadline = ContinuousClock.now + .seconds(30)
        do {
            let context = context(for: call, deadline: deadline)
            try await Runtime.withDeadline(deadline) { try await driver.check(configured, context: context) }
        } catch {
            throw Redactor(secrets: call.secrets).redact(Runtime.connectorError(from: error, logger: logger))
        }
    }
}
