import Logging
import PlugboardCore
import PlugboardStore

/// Builds what drivers get for one call: the guarded network, the deadline, the credential opened once, and a logger
/// and refresh that go through the call's redactor.
struct CallContexts: Sendable {
    let network: any NetworkAccess
    let vault: CredentialVault
    let logger: Logger

    /// Runs `body` with a context for one call: the credential opened once (an OAuth2 token refreshed first when it is
    /// about to expire) and its secrets added to `redactor`.
    func withContext<T: Sendable>(
        credential record: CredentialRecord?, deadline: ContinuousClock.Instant, redactor: CallRedactor,
        _ body: (CallContext) async throws -> T
    ) async throws -> T {
        var credential: Credential?
        if let record {
            // The stored secrets first: a refresh that fails must not echo them out either.
            let stored = (try? vault.open(record))?.secretValues ?? []
            redactor.add(stored)
            credential = try await vault.credentialForCall(record, logger: logger)
            if let secrets = credential?.secretValues, secrets != stored { redactor.add(secrets) }
        }
        let context = CallContext(
            network: network, deadline: deadline, logger: logger, credential: credential, redactor: redactor,
            credentials: record.map { VaultCredentials(record: $0, vault: vault, logger: logger) })
        return try await body(context)
    }

    /// Runs `body` and lets its result and any failure out only through `redactor`.
    func redacting<T: Redactable>(with redactor: CallRedactor, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body().redacted(by: redactor.redactor)
        } catch {
            throw redactor.redact(Runtime.connectorError(from: error, logger: logger))
        }
    }

    /// Runs a type's check of new options with the network (fetching the document they name) before they are saved.
    @Sendable func checkBeforeSave(_ driver: AnyConnectorDriver, _ configured: AnyConnectorDriver.Configured, _ record: CredentialRecord?) async throws {
        guard driver.descriptor.checksOnSave else { return }
        let deadline = ContinuousClock.now + .seconds(30)
        let redactor = CallRedactor()
        _ = try await redacting(with: redactor) {
            try await withContext(credential: record, deadline: deadline, redactor: redactor) { context in
                try await Runtime.withDeadline(deadline) { try await configured.check(context: context) }
                return JSONValue.null
            }
        }
    }
}
