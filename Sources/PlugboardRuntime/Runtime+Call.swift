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
        _ target: CallTarget, driver: AnyConnectorDriver, deadline: ContinuousClock.Instant, extras: CallExtras = CallExtras(),
        _ body: @escaping @Sendable (AnyConnectorSession, CallContext) async throws -> T
    ) async throws -> T {
        let redactor = CallRedactor()
        return try await tracked {
            try await contexts.redacting(with: redactor) {
                // A pool retired while this call waited (its connector changed) sends the call once to
                // the new version's pool, with the credential read again.
                for _ in 0..<2 {
                    do {
                        let credential = try await credentialRecord(for: target)
                        return try await contexts.withContext(credential: credential, deadline: deadline, redactor: redactor) { context in
                            let context = extras.applied(to: context)
                            return try await self.withSession(for: target, driver: driver, context: context, credential: credential) { session in
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

    /// What an execution adds to its call's context: where streamed pieces go, the meter its tokens are counted on,
    /// and the application's tools for an agent.
    struct CallExtras: Sendable {
        var events: ActionEventSink?
        var usage = UsageMeter()
        var toolbox: (any AgentToolbox)?

        func applied(to context: CallContext) -> CallContext {
            var context = context
            context.events = events
            context.usage = usage
            context.toolbox = toolbox
            return context
        }
    }

    /// The credential a call uses, as stored now (through the store's cache).
    func credentialRecord(for target: CallTarget) async throws -> CredentialRecord? {
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
            let entry = try await pools.pool(connectorID: connector.id, version: connector.version) {
                try driver.configure(connector.options)
            }
            let opener = sessionOpener(entry.configured, for: context, credentialVersion: credential?.version, connector: connector)
            return try await Self.withDeadline(deadline) {
                try await entry.pool.withSession(deadline: deadline, credentialVersion: credential?.version ?? 0, open: opener) { pooled in
                    context.redactor.add(pooled.credentialSecrets)
                    return try await body(pooled.session)
                }
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

    /// Opens one more session for a pool in this call's task, with this call's credential; the session holds that
    /// credential version only if opening read it.
    private func sessionOpener(
        _ configured: AnyConnectorDriver.Configured, for call: CallContext, credentialVersion: Int?, connector: ConnectorRecord
    ) -> SessionPool<PooledSession>.Opener {
        { deadline in
            var opening = self.sessionContext(for: call)
            opening.deadline = deadline
            opening.learn = { learned in try await self.learn(learned, for: connector) }
            let session = try await configured.openSession(context: opening)
            guard opening.boundToCredential else { return (PooledSession(session: session, credentialSecrets: []), nil) }
            return (PooledSession(session: session, credentialSecrets: call.credential?.secretValues ?? []), credentialVersion)
        }
    }

    /// Merges options a driver learned while opening into the saved connector, as a new version.
    private func learn(_ learned: JSONObject, for connector: ConnectorRecord) async throws {
        guard let current = try await store.connector(applicationID: connector.applicationID, connector.id) else { return }
        var options = current.options
        for (name, value) in learned { options[name] = value }
        _ = try await catalog.update(current, ConnectorCatalog.Changes(options: options))
        logger.notice(
            "Connector options learned while connecting were stored",
            metadata: ["connector": "\(connector.id)", "options": "\(learned.keys.joined(separator: ","))"])
    }

    /// What a session opened during this call lives with: the network, a logger that masks the credential's secrets
    /// (not the call's later ones: the session outlives the call), the credential it connects with, and the way to
    /// read the credential as it is later.
    func sessionContext(for call: CallContext) -> SessionContext {
        SessionContext(
            network: call.network, deadline: call.deadline, logger: logger.redacting(with: CallRedactor(secrets: call.credential?.secretValues ?? [])),
            credential: call.credential, credentials: call.credentials)
    }
}
