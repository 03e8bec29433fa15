import ArgumentParser

/// Where Plugboard keeps its state: shared by `serve`, `export` and `import`, which open the store directly.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("Data folder: the SQLite store and master-key file.", valueName: "dir"))
    var dataDirectory = "./plugboard-data"

    @Option(
        name: .customLong("database"),
        help: ArgumentHelp("A PostgreSQL URL to keep state in instead of the data folder's SQLite (env: PLUGBOARD_DATABASE_URL).", valueName: "url"))
    var databaseURL: String?

    func validate() throws {
        guard !dataDirectory.isEmpty else { throw ValidationError("--data cannot be empty.") }
    }
}
