import Foundation
import Logging
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardRuntime
import PlugboardServer
import PlugboardStore
import PlugboardTestSupport
import Testing

/// Master-key rotation with several replicas: the key (a shared key file, or `PLUGBOARD_MASTER_KEY`) is the same
/// everywhere, and the store's canary says which key is active.
@Suite struct KeyRotationTests {
    static func seal(_ box: SecretBox, _ secret: String, in app: ApplicationRecord) throws -> CredentialRecord {
        let id = Identifier.make("cred")
        return CredentialRecord(
            id: id, applicationID: app.id, name: "cred-\(id.suffix(6))", kind: .bearerToken, publicFields: [:], secretFieldNames: ["token"],
            sealed: try box.seal(["token": secret], applicationID: app.id, credentialID: id), expiresAt: nil)
    }

    @Test func anotherReplicaFollowsARotationWithoutARestart() async throws {
        let stores = try await SharedStoreTests.replicas(2, url: try StoreTestDatabase.freshSchemaURL())
        let shared = NSTemporaryDirectory() + "plugboard-keys-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let (boxA, sourceA) = try await MasterKeySource.open(dataDirectory: shared, environment: [:], store: stores[0])
        let (boxB, sourceB) = try await MasterKeySource.open(dataDirectory: shared, environment: [:], store: stores[1])
        #expect(boxA.activeKeyID == boxB.activeKeyID)
        let app = ApplicationRecord(name: "keys")
        try await stores[0].insertApplication(app)
        let before = try Self.seal(boxA, "before-rotation-secret", in: app)
        try await stores[0].insertCredential(before)

        let reader = CachingStore(stores[1])
        let listener = StoreChangeListener(
            cache: reader, feed: try #require(reader.changeFeed), changes: CatalogChanges(), logger: Logger(label: "listener")
        ) { _ = try? await sourceB.reload(boxB, store: stores[1]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            defer { group.cancelAll() }
            let oldKey = boxA.activeKeyID
            try await KeyRotation(store: stores[0], box: boxA, source: sourceA).run { _ in }
            #expect(boxA.activeKeyID != oldKey)
            #expect(try await eventually { boxB.activeKeyID == boxA.activeKeyID && boxB.keyIDs == [boxA.activeKeyID] })
        }
        // B opens what A re-wrapped, and A opens what B seals now.
        let rewrapped = try #require(try await stores[1].credential(applicationID: app.id, before.id))
        #expect(rewrapped.sealed.keyID == boxA.activeKeyID)
        #expect(try boxB.open(rewrapped.sealed, applicationID: app.id, credentialID: before.id) == ["token": "before-rotation-secret"])
        let after = try Self.seal(boxB, "after-rotation-secret", in: app)
        #expect(try boxA.open(after.sealed, applicationID: app.id, credentialID: after.id) == ["token": "after-rotation-secret"])
        await SharedStoreTests.close(stores)
    }

    @Test func withTheEnvironmentsKeysTheFirstBecomesActiveByRotation() async throws {
        let fixture = try await StoreFixture(.sqlite)
        defer { fixture.remove() }
        let old = MasterKey.generate(), new = MasterKey.generate()
        let (box, _) = try await MasterKeySource.open(
            dataDirectory: fixture.directory, environment: ["PLUGBOARD_MASTER_KEY": old.base64ForTests], store: fixture.store)
        let app = ApplicationRecord(name: "env")
        try await fixture.store.insertApplication(app)
        try await fixture.store.insertCredential(try Self.seal(box, "sealed-under-the-old-key", in: app))

        // Every replica restarted with "new,old": the canary still names the old key, so it stays active until the rotation.
        let environment = ["PLUGBOARD_MASTER_KEY": new.base64ForTests + "," + old.base64ForTests]
        let (restarted, source) = try await MasterKeySource.open(dataDirectory: fixture.directory, environment: environment, store: fixture.store)
        #expect(restarted.activeKeyID == old.id)
        try await KeyRotation(store: fixture.store, box: restarted, source: source).run { _ in }
        #expect(restarted.activeKeyID == new.id)
        #expect(try await fixture.store.credentialCountsByKey() == [new.id: 1])
        let (again, _) = try await MasterKeySource.open(dataDirectory: fixture.directory, environment: environment, store: fixture.store)
        #expect(again.activeKeyID == new.id, "after a restart the canary names the new key")
    }
}
