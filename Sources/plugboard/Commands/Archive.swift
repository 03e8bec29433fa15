import ArgumentParser
import Foundation
import Logging
import PlugboardCore
import PlugboardServer

/// Where `export` and `import` find the store and the passphrase; they open the store directly, like `serve`.
struct ArchiveStoreOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(
        name: .customLong("passphrase-file"),
        help: ArgumentHelp("A file whose first line is the archive's passphrase (env: PLUGBOARD_ARCHIVE_PASSPHRASE).", valueName: "file"))
    var passphraseFile: String?

    /// The process environment with `--database` applied.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let databaseURL = store.databaseURL { environment[StoreLocation.environmentVariable] = databaseURL }
        return environment
    }

    /// The passphrase from `--passphrase-file` or `PLUGBOARD_ARCHIVE_PASSPHRASE`; never read from the command line,
    /// where other users could see it.
    func passphrase() throws -> String {
        if let passphraseFile {
            guard let text = try? String(contentsOfFile: passphraseFile, encoding: .utf8) else {
                throw ValidationError("--passphrase-file \(passphraseFile) cannot be read.")
            }
            return String(text.split(whereSeparator: \.isNewline).first ?? "")
        }
        if let value = ProcessInfo.processInfo.environment["PLUGBOARD_ARCHIVE_PASSPHRASE"], !value.isEmpty { return value }
        throw ValidationError("Give the archive's passphrase with --passphrase-file or PLUGBOARD_ARCHIVE_PASSPHRASE.")
    }

    /// Opens the store with its master keys, runs `body`, and closes the store.
    func withStore<T>(_ body: (StoreLocation.Opened) async throws -> T) async throws -> T {
        var logger = Logger(label: "plugboard-archive") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let opened = try await StoreLocation.openWithKeys(dataDirectory: store.dataDirectory, environment: environment, logger: logger)
        do {
            let value = try await body(opened)
            await opened.store.close()
            return value
        } catch {
            await opened.store.close()
            throw error
        }
    }
}

/// `plugboard export`: writes an archive of every application.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an archive of applications, credentials, connectors, bindings, triggers and workflows.",
        discussion: """
            Reads the store directly (the data folder's SQLite, or --database). \\
            Credential fields and webhook secrets are encrypted in the archive \\
            with AES-256-GCM under a key derived from the passphrase with scrypt \\
            (N=2^17, r=8, p=1); nothing secret is written in clear. API tokens, \\
            executions and runs are not exported.

              PLUGBOARD_ARCHIVE_PASSPHRASE='a long passphrase' \\
                  plugboard export --data ./plugboard-data --output plugboard.archive
            """)

    @OptionGroup var options: ArchiveStoreOptions

    @Option(name: .customLong("output"), help: ArgumentHelp("The archive file to write (mode 0600).", valueName: "file"))
    var output: String

    @Option(name: .customLong("kdf-cost"), help: ArgumentHelp("scrypt's cost as log2 of N, 14 to 20.", valueName: "n"))
    var kdfCost = 17

    func validate() throws {
        guard (14...20).contains(kdfCost) else { throw ValidationError("--kdf-cost must be from 14 to 20.") }
    }

    func run() async throws {
        let passphrase = try options.passphrase()
        let rounds = 1 << kdfCost
        let (archive, summary) = try await options.withStore { opened in
            try await StoreArchive.export(from: opened.store, box: opened.box, passphrase: passphrase, rounds: rounds)
        }
        let bytes = Data(archive.jsonBytes())
        guard FileManager.default.createFile(atPath: output, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("--output \(output) cannot be written.")
        }
        print("Exported \(summary.description) to \(output).")
    }
}

/// `plugboard import`: reads an archive into the store.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read an archive written by 'plugboard export' into this store.",
        discussion: """
            Writes into the data folder's SQLite or the --database PostgreSQL, \\
            sealing every secret with this store's master key \\
            (PLUGBOARD_MASTER_KEY or the data folder's key file). Ids are kept, \\
            so webhook URLs stay the same. An application that exists already \\
            stops the import before anything is written.

              PLUGBOARD_ARCHIVE_PASSPHRASE='a long passphrase' PLUGBOARD_MASTER_KEY=... \\
                  plugboard import --database postgres://plugboard@db/plugboard --input plugboard.archive
            """)

    @OptionGroup var options: ArchiveStoreOptions

    @Option(name: .customLong("input"), help: ArgumentHelp("The archive file to read.", valueName: "file"))
    var input: String

    func run() async throws {
        let passphrase = try options.passphrase()
        guard let bytes = FileManager.default.contents(atPath: input) else { throw ValidationError("--input \(input) cannot be read.") }
        let archive: JSONValue
        do {
            archive = try JSONParser.parse(Array(bytes))
        } catch {
            throw ConnectorError.invalidInput("\(input) is not JSON, so not a Plugboard archive.")
        }
        let summary = try await options.withStore { opened in
            try await StoreArchive.importArchive(archive, into: opened.store, box: opened.box, passphrase: passphrase)
        }
        print("Imported \(summary.description) from \(input).")
    }
}
