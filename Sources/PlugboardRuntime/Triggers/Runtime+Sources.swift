import Foundation
import PlugboardCore
import PlugboardStore

extension Runtime {
    /// How long a source may take to open its connection.
    static let sourceOpenTimeout: Duration = .seconds(30)

    /// Runs a trigger's node source on the connector as it is stored now, with its credential, until the source
    /// ends, breaks or is cancelled. Secrets the credential holds are masked in what the source logs.
    /// A source that receives webhooks gets its address (`webhookURL`, nil while the public URL is unknown) and secrets.
    func runSource(of trigger: TriggerRecord, webhookURL: String?, secrets: [String: String]?, sink: SourceSink) async throws {
        let (connector, driver) = try await sourceConnector(of: trigger)
        let configured = try driver.configure(connector.options)
        let options = try TriggerCatalog.sourceOptions(trigger.source, trigger.options, of: driver.descriptor)
        var webhook: WebhookContext?
        if var secrets, let secret = secrets.removeValue(forKey: "secret") {
            webhook = WebhookContext(url: webhookURL, secret: secret, secretOptions: secrets, options: options)
        }
        let credential = try await credentialRecord(for: .connector(connector))
        try await contexts.withContext(credential: credential, deadline: .now + Self.sourceOpenTimeout, redactor: CallRedactor()) { context in
            let source = SourceContext(session: sessionContext(for: context), options: options, cursor: trigger.cursor, webhook: webhook)
            try await configured.runSource(trigger.source, context: source, sink: sink)
        }
    }

    /// Has the trigger's node source check and read a request that arrived at its webhook address.
    func receiveWebhook(of trigger: TriggerRecord, request: WebhookRequest, context: WebhookContext) async throws -> WebhookOutcome {
        let (connector, driver) = try await sourceConnector(of: trigger)
        var context = context
        context.options = try TriggerCatalog.sourceOptions(trigger.source, trigger.options, of: driver.descriptor)
        return try driver.configure(connector.options).receiveWebhook(trigger.source, request: request, context: context)
    }

    private func sourceConnector(of trigger: TriggerRecord) async throws -> (ConnectorRecord, AnyConnectorDriver) {
        guard let connectorID = trigger.connectorID,
            let connector = try await store.connector(applicationID: trigger.applicationID, connectorID)
        else { throw ConnectorError.notFound("connector", trigger.connectorID ?? "") }
        return (connector, try registry.driver(for: connector.type))
    }
}
