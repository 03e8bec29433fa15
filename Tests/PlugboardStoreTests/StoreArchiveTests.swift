import Foundation
import PlugboardCore
import PlugboardServer
import PlugboardStore
import Testing

/// Moving between stores: an export from SQLite imports into PostgreSQL under another master key, and every secret
/// opens afterwards.
@Suite struct StoreArchiveTests {
    static let passphrase = "correct horse battery staple"
    static let secret = "sk-live-archived-secret-0123456789"

    /// An application with one of everything, its secrets sealed by `box`.
    static func populate(_ store: any Store, box: SecretBox) async throws -> (ApplicationRecord, CredentialRecord, TriggerRecord) {
        let app = ApplicationRecord(name: "moving")
        try await store.insertApplication(app)
        let credentialID = Identifier.make("cred")
        let credential = CredentialRecord(
            id: credentialID, applicationID: app.id, name: "api-key", kind: .apiKey, publicFields: ["header": "X-Key"],
            secretFieldNames: ["key"], sealed: try box.seal(["key": secret], applicationID: app.id, credentialID: credentialID), expiresAt: nil)
        try await store.insertCredential(credential)
        let connector = ConnectorRecord(
            applicationID: app.id, name: "api", description: "the API", type: "plugboard.nodes.rest", options: ["baseUrl": "https://x.test"],
            credentialID: credential.id)
        try await store.insertConnector(connector)
        let workflow = WorkflowRecord(
            applicationID: app.id, name: "flow", steps: [WorkflowStep(name: "call", target: .action(connector: connector.id, action: "request"))])
        try await store.insertWorkflow(workflow)
        try await store.insertToolBinding(ToolBindingRecord(applicationID: app.id, connectorID: connector.id, actions: ["request"]))
        let triggerID = Identifier.make("tr")
        let trigger = TriggerRecord(
            id: triggerID, applicationID: app.id, name: "hook", source: "webhook", target: .workflow(workflow.id),
            secret: try box.seal(["secret": "whsec-archived"], applicationID: app.id, credentialID: triggerID), cursor: ["n": 3])
        try await store.insertTrigger(trigger)
        return (app, credential, trigger)
    }

    @Test func anExportFromSQLiteImportsIntoPostgreSQLAndEverySecretOpens() async throws {
        let source = try await StoreFixture(.sqlite)
        defer { source.remove() }
        let sourceBox = SecretBox(keyring: Keyring(keys: [MasterKey.generate()]))
        let (app, credential, trigger) = try await Self.populate(source.store, box: sourceBox)
        let (archive, exported) = try await StoreArchive.export(
            from: source.store, box: sourceBox, passphrase: Self.passphrase, rounds: StoreArchive.minimumKeyDerivationRounds)
        #expect(exported == StoreArchive.Summary(applications: 1, credentials: 1, connectors: 1, workflows: 1, toolBindings: 1, triggers: 1))
        let text = archive.jsonString()
        #expect(!text.contains(Self.secret) && !text.contains("whsec-archived"), "no secret is written in clear")

        let target = try await StoreFixture(.postgres)
        let targetBox = SecretBox(keyring: Keyring(keys: [MasterKey.generate()]))
        let imported = try await StoreArchive.importArchive(archive, into: target.store, box: targetBox, passphrase: Self.passphrase)
        #expect(imported == exported)
        let moved = try #require(try await target.store.credential(applicationID: app.id, credential.id))
        #expect(try targetBox.open(moved.sealed, applicationID: app.id, credentialID: credential.id) == ["key": Self.secret])
        #expect(moved.name == "api-key" && moved.publicFields == ["header": "X-Key"] && moved.kind == .apiKey)
        let movedTrigger = try #require(try await target.store.trigger(id: trigger.id), "the webhook URL (its id) is kept")
        #expect(try targetBox.open(try #require(movedTrigger.secret), applicationID: app.id, credentialID: trigger.id) == ["secret": "whsec-archived"])
        #expect(movedTrigger.cursor == ["n": 3])
        let connector = try #require(try await target.store.connector(applicationID: app.id, "api"))
        #expect(connector.credentialID == credential.id)
        #expect(try await target.store.dependents(connectorID: connector.id).count == 2, "the binding and the workflow still hold the connector")
        await target.store.close()
    }

    @Test func aWrongPassphraseOrASecondImportWritesNothing() async throws {
        let source = try await StoreFixture(.sqlite)
        defer { source.remove() }
        let box = SecretBox(keyring: Keyring(keys: [MasterKey.generate()]))
        _ = try await Self.populate(source.store, box: box)
        let (archive, _) = try await StoreArchive.export(
            from: source.store, box: box, passphrase: Self.passphrase, rounds: StoreArchive.minimumKeyDerivationRounds)

        let target = try await StoreFixture(.sqlite)
        defer { target.remove() }
        await #expect(throws: ConnectorError.self) {
            _ = try await StoreArchive.importArchive(archive, into: target.store, box: box, passphrase: "not the passphrase at all")
        }
        #expect(try await target.store.applications(PageRequest()).total == 0)
        _ = try await StoreArchive.importArchive(archive, into: target.store, box: box, passphrase: Self.passphrase)
        do {
            _ = try await StoreArchive.importArchive(archive, into: target.store, box: box, passphrase: Self.passphrase)
            Issue.record("a second import was accepted")
        } catch let error as ConnectorError {
            #expect(error.code == .alreadyExists)
        }
        #expect(try await target.store.applications(PageRequest()).total == 1)
    }
}
