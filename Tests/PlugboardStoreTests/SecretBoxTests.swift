import Foundation
import PlugboardCore
import PlugboardStore
import Testing

@Suite struct SecretBoxTests {
    @Test func sealedSecretsOpenOnlyForTheirOwnRow() throws {
        let box = SecretBox(keyring: Keyring(keys: [MasterKey.generate()]))
        let sealed = try box.seal(["password": "hunter2-very-secret"], applicationID: "app_a", credentialID: "cred_1")
        #expect(try box.open(sealed, applicationID: "app_a", credentialID: "cred_1") == ["password": "hunter2-very-secret"])
        #expect(!sealed.ciphertext.contains(Data("hunter2-very-secret".utf8)))
        // Moving the ciphertext to another credential or application fails authentication.
        #expect(throws: ConnectorError.self) { try box.open(sealed, applicationID: "app_a", credentialID: "cred_2") }
        #expect(throws: ConnectorError.self) { try box.open(sealed, applicationID: "app_b", credentialID: "cred_1") }
    }

    @Test func anotherMasterKeyCannotOpen() throws {
        let sealed = try SecretBox(keyring: Keyring(keys: [MasterKey.generate()]))
            .seal(["token": "abc-def-ghi"], applicationID: "app", credentialID: "cred")
        let other = SecretBox(keyring: Keyring(keys: [MasterKey.generate()]))
        #expect(throws: ConnectorError.self) { try other.open(sealed, applicationID: "app", credentialID: "cred") }
    }

    @Test func masterKeysMustBe32Bytes() {
        #expect(throws: ConnectorError.self) { try MasterKey(base64: Data(count: 16).base64EncodedString()) }
        #expect(throws: ConnectorError.self) { try MasterKey(base64: "not base64 !!") }
        #expect((try? MasterKey(base64: Data(count: 32).base64EncodedString())) != nil)
    }

    @Test func keyFileIsCreatedOnceAndAWrongKeyIsRefused() async throws {
        let fixture = try await StoreFixture()
        defer { fixture.remove() }
        let (box, source) = try await MasterKeySource.open(dataDirectory: fixture.directory, environment: [:], store: fixture.store)
        #expect(source == .file(path: fixture.directory + "/master.key"))
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.directory + "/master.key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // The same folder opens again with the same key.
        let (again, _) = try await MasterKeySource.open(dataDirectory: fixture.directory, environment: [:], store: fixture.store)
        #expect(again.activeKeyID == box.activeKeyID)
        // Another key is refused, and so is a missing key file over existing data.
        let wrong = ["PLUGBOARD_MASTER_KEY": MasterKey.generate().base64ForTests]
        await #expect(throws: ConnectorError.self) {
            _ = try await MasterKeySource.open(dataDirectory: fixture.directory, environment: wrong, store: fixture.store)
        }
        try FileManager.default.removeItem(atPath: fixture.directory + "/master.key")
        await #expect(throws: ConnectorError.self) {
            _ = try await MasterKeySource.open(dataDirectory: fixture.directory, environment: [:], store: fixture.store)
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.directory + "/master.key"))
    }
}

extension MasterKey {
    /// Test access to the key text; production code never prints a key.
    var base64ForTests: String {
        let mirror = Mirror(reflecting: self)
        let bytes = mirror.children.first { $0.label == "bytes" }?.value as! Data
        return bytes.base64EncodedString()
    }
}
