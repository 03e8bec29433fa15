import ConnectorsDatabase
import Foundation
import PlugboardCore
import Testing

@Suite struct PostgreSQLConnectionURLTests {
    @Test func aURLBecomesTheNodesConfigurationAndALogin() throws {
        let url = try PostgreSQLConnectionURL(
            "postgresql://pb%40ops:s3cr%2Ft@db.internal:6432/plugboard?sslmode=require&schema=pb&pool_size=12&connect_timeout=2.5",
            field: "PLUGBOARD_DATABASE_URL")
        #expect(url.configuration.host == "db.internal" && url.configuration.port == 6432 && url.configuration.database == "plugboard")
        #expect(url.configuration.tlsMode == .require && url.configuration.schema == "pb" && url.configuration.poolSize == 12)
        #expect(url.configuration.connectTimeout == .milliseconds(2500))
        #expect(url.credential["username"] == "pb@ops" && url.credential["password"] == "s3cr/t" && url.credential.kind == .usernamePassword)
        let defaults = try PostgreSQLConnectionURL("postgres://u@localhost/db", field: "f")
        #expect(defaults.configuration.port == 5432 && defaults.configuration.tlsMode == .prefer && defaults.configuration.schema == "public")
    }

    @Test(arguments: [
        "mysql://u:p@h/db", "postgres://u:hunter2-secret@h", "postgres://:hunter2-secret@h/db",
        "postgres://u:hunter2-secret@h/db?sslmode=sometimes", "postgres://u:hunter2-secret@h/db?pool=3",
        "postgres://u:hunter2-secret@h/db?sslrootcert=/nonexistent.pem",
    ])
    func aWrongURLIsRefusedWithoutShowingThePassword(_ text: String) {
        do {
            _ = try PostgreSQLConnectionURL(text, field: "PLUGBOARD_DATABASE_URL")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidConfiguration && error.field == "PLUGBOARD_DATABASE_URL")
            let shown = error.json.jsonString()
            #expect(!shown.contains("hunter2"))
        }
    }
}
