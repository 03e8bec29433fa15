import Foundation
import PlugboardCore
import PlugboardStore

extension Runtime {
    /// How long a source may take to open its connection.
    static let sourceOpenTimeout: Duration = .seconds(30)

    /// Runs a trigger's node source on the connector as it is stored now, with its credential, until the source
    /// ends, breaks or is cancelled. Secrets the credential holds are masked in what the source logs.
    func runSource(of trigger: TriggerRecord, sink: SourceSink) async throws {
        guard let connectorID = trigger.connectorID,
            let connector = try await store.connector(applicationID: trigger.applicationID, connectorID)
        else { throw ConnectorError.notFound("connector", trigger.connectorID ?? "") }
        let driver = try registry.driver(for: connector.type)
        let configured = try driver.configure(connector.options)
        let options = try TriggerCatalog.sourceOptions(trigger.source, trigger.options, of: driver.descriptor)
        let credential = try await credentialRecord(for: .connector(connector))
        try await contexts.withContext(credential: credential, deadline: .now + Self.sourceOpenTimeout, redactor: CallRedactor()) { context in
            let source = SourceContext(session: sessionContext(for: context), options: options, cursor: trigger.cursor)
            try await configured.runSource(trigger.source, context: source, sink: sink)
        }
    }
}
