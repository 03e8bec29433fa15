import PlugboardCore
import PlugboardStore

extension Runtime {
    /// Where a call's session comes from.
    enum CallTarget: Sendable {
        /// A saved connector: a session lent by its pool.
        case connector(ConnectorRecord)
        /// Options not saved yet (the create form's "Test connection"): a session opened for the call, closed after.
        case draft(AnyConnectorDriver.Configured, credential: CredentialRecord?)
    }

    /// The one call path for executions, connection tests, connector actions and discovery: admission, the credential
    /// read once, a session, the deadline over waiting and running, and a call-scoped redactor through which the
    /// result and any failure leave. A failure reads nothing from the store again.
    func call<T: Redactable>(
        _ target: CallTarget, driver: AnyConnectorDriver, deadline: ContinuousClock.Instant,
        _ body: @escaping @Sendable (AnyConnectorSession, CallContext) async throws -> T
    ) async throws -> T {
        let redactor = CallRedactor()
        return try await tracked {
            try await contexts.redacting(with: redactor) {
                // A pool retired while this call waited (its connector or credential changed) sends the call once to
                // the new version's pool, with the credential read again.
                for _ in 0..<2 {
                    do {
                        let credential = try await credentialRecord(for: target)
                        return try await contexts.withContext(credential: credential, deadline: deadline, redactor: redactor) { context in
                            try await self.withSession(for: target, driver: driver, context: context, credential: credential) { session in
                                try await body(session, context)
                            }
                        }
                    } catch is SessionPoolRetired {
                        continue
                    }
                }
                throw ConnectorError(.unavailable, message: "The connector changed again while this call waited for it; retry.")
            }
        }
    }

    /// The credential a call uses, as stored now (through the store's cache).
    private func credentialRecord(for target: CallTarget) async throws -> CredentialRecord? {
        switch target {
        case .connector(let connector):
            guard let id = connector.credentialID else { return nil }
            guard let record = try await store.credential(applicationID: connector.applicationID, id) else {
                throw ConnectorError.notFound("credential", id)
            }
            return record
        case .draft(_, let credential):
            return credential
        }
    }

    /// Lends `body` a session for the call under its deadline: pooled for a saved connector, opened and closed for a
    /// draft. The deadline covers waiting for the session, opening it and running.
    private func withSession<T: Sendable>(
        for target: CallTarget, driver: AnyConnectorDriver, context: CallContext, credential: CredentialRecord?,
        _ body: @escaping @Sendable (AnyConnectorSession) async throws -> T
    ) async throws -> T {
        let deadline = context.deadline
        switch target {
        case .connector(let connector):
            let pool = try await pools.pool(
                connectorID: connector.id,
                key: SessionPools.Key(connectorVersion: connector.version, credentialVersion: credential?.version ?? 0)
            ) {
                // Runs only when this connector version has no pool yet: options decoded once per version.
                let opening = sessionContext(for: context)
                let configured = try driver.configure(connector.options)
                return (configured.pooling, context.credential?.secretValues ?? [], { deadline in
                    var opening = opening
                    opening.deadline = deadline
                    return try await configured.openSession(context: opening)
                })
            }
            // The pool may be of a newer credential version than this call read (another call made it meanwhile).
            context.redactor.add(pool.secrets)
            return try await Self.withDeadline(deadline) {
                try await pool.withSession(deadline: deadline) { session in try await body(session) }
            }
        case .draft(let configured, _):
            let opening = sessionContext(for: context)
            return try await Self.withDeadline(deadline) {
                let session = try await configured.openSession(context: opening)
                do {
                    let value = try await body(session)
                    await session.close()
                    return value
                } catch {
                    await session.close()
                    throw error
                }
            }
        }
    }

    /// What a session opened during this call lives with: the network, a logger that masks the credential's secrets
    /// (not the call's later ones: the session outlives the call) and the credential it connects with.
    private func sessionContext(for call: CallContext) -> SessionContext {
        SessionContext(
            network: call.network, deadline: call.deadline, logger: logger.redacting(with: CallRedactor(secrets: call.credential?.secretValues ?? [])),
            credential: call.credential)
    }
}
