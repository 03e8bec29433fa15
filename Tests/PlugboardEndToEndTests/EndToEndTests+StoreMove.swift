import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// The README's command pair: `plugboard export` from a SQLite data folder, `plugboard import` into PostgreSQL
    /// under another master key, then a server on PostgreSQL runs every connector with its moved credential.
    @Test("Moving stores: an export from SQLite imports into PostgreSQL and every credential decrypts")
    func movingFromSQLiteToPostgreSQL() async throws {
        let target = try SharedStore.environment()
        let databaseURL = target["PLUGBOARD_DATABASE_URL"] ?? "", masterKey = target["PLUGBOARD_MASTER_KEY"] ?? ""
        let passphrase = ["PLUGBOARD_ARCHIVE_PASSPHRASE": "moving-day-passphrase-\(UUID().uuidString)"]
        try await withUpstreamServer { upstream in
            let folder = try TemporaryDirectory.make("archive")
            defer { try? FileManager.default.removeItem(at: folder) }
            let archive = folder.appendingPathComponent("plugboard.archive").path
            let tokens = try await ServerProcess.with(name: "move-source") { server in
                let tokens = try await makeTokenConnectors(server.api(), count: 4, upstream: upstream)
                let exported = try await server.cli().run(
                    ["export", "--data", server.dataDirectory.path, "--output", archive, "--kdf-cost", "14"], environment: passphrase)
                #expect(exported.status == 0 && exported.stdout.contains("4 credential(s), 4 connector(s)"), "\(exported)")
                return tokens
            }
            let archiveText = try String(contentsOfFile: archive, encoding: .utf8)
            #expect(tokens.values.allSatisfy { !archiveText.contains($0) }, "no token is in the archive in clear")

            try await ServerProcess.with(name: "move-target", environment: target) { server in
                let imported = try await server.cli().run(
                    ["import", "--database", databaseURL, "--input", archive],
                    environment: passphrase.merging(["PLUGBOARD_MASTER_KEY": masterKey]) { $1 })
                #expect(imported.status == 0 && imported.stdout.contains("4 credential(s)"), "\(imported)")
                try await expectDecrypts(server.cli(), tokens: tokens)
            }
        }
    }
}
